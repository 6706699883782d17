using System.Net;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Point reads where "not there" is an answer, not an exception (the SDK throws a 404).</summary>
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
}
