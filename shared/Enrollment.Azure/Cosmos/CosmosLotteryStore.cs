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

    public Task<bool> TryCreateAsync(LotteryRecord record, CancellationToken cancellationToken) =>
        Container.TryCreateAsync(record, new PartitionKey(record.CountyId), cancellationToken);

    public Task<bool> TryReplaceAsync(LotteryRecord record, string etag, CancellationToken cancellationToken) =>
        Container.TryReplaceAsync(record, record.Id, new PartitionKey(record.CountyId), etag, cancellationToken);

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
