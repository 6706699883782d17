using System.Net;
using Enrollment.Core.Applications;
using Enrollment.Core.Lottery;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Lottery records by county: a county's lotteries are one partition; the id (year and school) makes each school's lottery unique.</summary>
public sealed class CosmosLotteryStore(EnrollmentContainers containers) : ILotteryStore
{
    private Container Container => containers.LotteriesContainer;

    public Task<Versioned<LotteryRecord>?> GetAsync(string countyId, string lotteryId, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<LotteryRecord>(lotteryId, new PartitionKey(countyId), cancellationToken);

    public async Task<bool> TryCreateAsync(LotteryRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await Container.CreateItemAsync(record, new PartitionKey(record.CountyId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(LotteryRecord record, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await Container.ReplaceItemAsync(record, record.Id, new PartitionKey(record.CountyId),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<LotteryRecord>> ListAsync(string countyId, CancellationToken cancellationToken)
    {
        var records = new List<LotteryRecord>();
        using var feed = Container.GetItemQueryIterator<LotteryRecord>(new QueryDefinition("SELECT * FROM c"),
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(countyId) });
        while (feed.HasMoreResults)
        {
            records.AddRange(await feed.ReadNextAsync(cancellationToken));
        }

        return records.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }
}
