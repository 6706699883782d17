using Enrollment.Core.Applications;
using Enrollment.Core.Review;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Placement ledgers beside the admission lists, in the county's partition: one per school and year.</summary>
public sealed class CosmosPlacementLedgerStore(EnrollmentContainers containers) : IPlacementLedgerStore
{
    private Container Container => containers.AdmissionsContainer;

    public Task<Versioned<PlacementLedger>?> GetAsync(string countyId, string ledgerId, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<PlacementLedger>(ledgerId, new PartitionKey(countyId), cancellationToken);

    public Task<bool> TryCreateAsync(PlacementLedger ledger, CancellationToken cancellationToken) =>
        Container.TryCreateAsync(ledger, new PartitionKey(ledger.CountyId), cancellationToken);

    public Task<bool> TryReplaceAsync(PlacementLedger ledger, string etag, CancellationToken cancellationToken) =>
        Container.TryReplaceAsync(ledger, ledger.Id, new PartitionKey(ledger.CountyId), etag, cancellationToken);
}
