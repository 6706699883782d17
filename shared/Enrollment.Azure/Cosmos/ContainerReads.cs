using System.Net;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>
/// Point reads where "not there" is an answer, not an exception (the SDK throws a 404), and
/// read-change-replace under the ETag.
/// </summary>
internal static class ContainerReads
{
    public static async Task<ItemResponse<T>?> ReadOrNullAsync<T>(this Container container, string id, PartitionKey partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            return await container.ReadItemAsync<T>(id, partitionKey, cancellationToken: cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task<Versioned<T>?> ReadVersionedAsync<T>(this Container container, string id, PartitionKey partitionKey, CancellationToken cancellationToken) =>
        await container.ReadOrNullAsync<T>(id, partitionKey, cancellationToken) is { } response ? new Versioned<T>(response.Resource, response.ETag) : null;

    /// <summary>
    /// Reads the item, applies <paramref name="change"/> and replaces it under the ETag, re-reading when someone
    /// else changed it meanwhile, so no concurrent change is overwritten. <paramref name="change"/> returns null
    /// to leave the item; the result is the stored item (changed or not), or null when there is none.
    /// </summary>
    public static async Task<T?> UpdateAsync<T>(this Container container, string id, PartitionKey partitionKey, Func<T, T?> change, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var current = await container.ReadOrNullAsync<T>(id, partitionKey, cancellationToken);
            if (current is null)
            {
                return null;
            }

            if (change(current.Resource) is not { } changed)
            {
                return current.Resource;
            }

            try
            {
                await container.ReplaceItemAsync(changed, id, partitionKey,
                    new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, cancellationToken);
                return changed;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
            }
        }
    }
}
