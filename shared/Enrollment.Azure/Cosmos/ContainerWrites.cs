using System.Net;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Create-only and replace-under-ETag writes where "someone was first" is an answer (false), not an exception.</summary>
internal static class ContainerWrites
{
    public static async Task<bool> TryCreateAsync<T>(this Container container, T item, PartitionKey partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            await container.CreateItemAsync(item, partitionKey, new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public static async Task<bool> TryReplaceAsync<T>(this Container container, T item, string id, PartitionKey partitionKey, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await container.ReplaceItemAsync(item, id, partitionKey, new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
