using Enrollment.Core.Counties;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Past years' configurations beside the admission lists, in the county's partition: one per year.</summary>
public sealed class CosmosPastYearStore(EnrollmentContainers containers) : IPastYearStore
{
    private Container Container => containers.AdmissionsContainer;

    public Task UpsertAsync(PastYear year, CancellationToken cancellationToken) =>
        Container.UpsertItemAsync(year, new PartitionKey(year.CountyId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);

    public async Task<PastYear?> GetAsync(string countyId, int year, CancellationToken cancellationToken) =>
        (await Container.ReadVersionedAsync<PastYear>(PastYear.IdFor(year), new PartitionKey(countyId), cancellationToken))?.Value;
}
