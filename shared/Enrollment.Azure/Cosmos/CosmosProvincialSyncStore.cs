using System.Net;
using Enrollment.Core.Applications;
using Enrollment.Core.Outside;
using Enrollment.Core.Provincial;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>The provincial sync's checkpoints (one per county and kind, ETag-guarded) and the county's last report, in the county's partition.</summary>
public sealed class CosmosProvincialSyncStore(EnrollmentContainers containers) : IProvincialSyncStore
{
    private Container Container => containers.ProvincialContainer;

    public Task<Versioned<ProvincialCheckpoint>?> GetCheckpointAsync(string countyId, ProvincialRecordKind kind, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<ProvincialCheckpoint>(ProvincialCheckpoint.IdFor(countyId, kind), new PartitionKey(countyId), cancellationToken);

    public async Task<string?> TrySaveCheckpointAsync(ProvincialCheckpoint checkpoint, string? etag, CancellationToken cancellationToken)
    {
        var options = new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false };
        try
        {
            var response = etag is null
                ? await Container.CreateItemAsync(checkpoint, new PartitionKey(checkpoint.CountyId), options, cancellationToken)
                : await Container.ReplaceItemAsync(checkpoint, checkpoint.Id, new PartitionKey(checkpoint.CountyId), options, cancellationToken);
            return response.ETag;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    // Only the latest report is kept: each run describes the whole county afresh.
    public Task SaveReportAsync(ReconciliationReport report, CancellationToken cancellationToken) =>
        Container.UpsertItemAsync(report, new PartitionKey(report.CountyId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);

    public async Task<ReconciliationReport?> GetReportAsync(string countyId, CancellationToken cancellationToken) =>
        await Container.ReadOrNullAsync<ReconciliationReport>(ReconciliationReport.IdFor(countyId), new PartitionKey(countyId), cancellationToken);
}
