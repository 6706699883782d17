using System.Net;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

public sealed class CosmosCountyStore(EnrollmentContainers containers, RecentReads<County> recent) : ICountyStore
{
    private static readonly ItemRequestOptions NoContentBack = new() { EnableContentResponseOnWrite = false };

    public async Task<County?> GetAsync(string countyId, CancellationToken cancellationToken) =>
        (await GetVersionedAsync(countyId, cancellationToken))?.Value;

    public IAsyncEnumerable<County> ListAsync(CancellationToken cancellationToken) =>
        containers.CountiesContainer.QueryAllAsync<County>(new QueryDefinition("SELECT * FROM c"), partition: null, cancellationToken);

    public async Task<bool> TryCreateAsync(County county, CancellationToken cancellationToken)
    {
        try
        {
            var created = await containers.CountiesContainer.CreateItemAsync(county, new PartitionKey(county.Id), NoContentBack, cancellationToken);
            recent.Remember(county.Id, county.Id, new Versioned<County>(county, created.ETag));
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task UpsertAsync(County county, CancellationToken cancellationToken)
    {
        var written = await containers.CountiesContainer.UpsertItemAsync(county, new PartitionKey(county.Id), NoContentBack, cancellationToken);
        recent.Remember(county.Id, county.Id, new Versioned<County>(county, written.ETag));
    }

    // Every submit reads its county (windows, catchments, age rule): unchanged, that read is a 304.
    public Task<Versioned<County>?> GetVersionedAsync(string countyId, CancellationToken cancellationToken) =>
        containers.CountiesContainer.ReadVersionedAsync(countyId, countyId, recent, cancellationToken);

    public async Task<bool> TryReplaceAsync(County county, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var replaced = await containers.CountiesContainer.ReplaceItemAsync(county, county.Id, new PartitionKey(county.Id),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            recent.Remember(county.Id, county.Id, new Versioned<County>(county, replaced.ETag));
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}
