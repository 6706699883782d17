using System.Net;
using System.Runtime.CompilerServices;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosCountyStore(EnrollmentContainers containers) : ICountyStore
{
    public async Task<County?> GetAsync(string countyId, CancellationToken cancellationToken) =>
        await containers.CountiesContainer.ReadOrNullAsync<County>(countyId, new PartitionKey(countyId), cancellationToken);

    public async IAsyncEnumerable<County> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var feed = containers.CountiesContainer.GetItemQueryIterator<County>("SELECT * FROM c");
        while (feed.HasMoreResults)
        {
            foreach (var county in await feed.ReadNextAsync(cancellationToken))
            {
                yield return county;
            }
        }
    }

    public async Task<bool> TryCreateAsync(County county, CancellationToken cancellationToken)
    {
        try
        {
            await containers.CountiesContainer.CreateItemAsync(county, new PartitionKey(county.Id), cancellationToken: cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task UpsertAsync(County county, CancellationToken cancellationToken) =>
        containers.CountiesContainer.UpsertItemAsync(county, new PartitionKey(county.Id), cancellationToken: cancellationToken);

    public Task<Versioned<County>?> GetVersionedAsync(string countyId, CancellationToken cancellationToken) =>
        containers.CountiesContainer.ReadVersionedAsync<County>(countyId, new PartitionKey(countyId), cancellationToken);

    public async Task<bool> TryReplaceAsync(County county, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await containers.CountiesContainer.ReplaceItemAsync(county, county.Id, new PartitionKey(county.Id),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}
