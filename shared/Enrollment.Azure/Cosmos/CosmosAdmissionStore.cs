using Enrollment.Core.Admission;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Admission lists by county: a county's lists are one partition; the id (year and school) makes each school's list unique.</summary>
public sealed class CosmosAdmissionStore(EnrollmentContainers containers) : IAdmissionStore
{
    private Container Container => containers.AdmissionsContainer;

    public Task<Versioned<AdmissionList>?> GetAsync(string countyId, string listId, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<AdmissionList>(listId, new PartitionKey(countyId), cancellationToken);

    public Task<bool> TryCreateAsync(AdmissionList list, CancellationToken cancellationToken) =>
        Container.TryCreateAsync(list, new PartitionKey(list.CountyId), cancellationToken);

    public Task<bool> TryReplaceAsync(AdmissionList list, string etag, CancellationToken cancellationToken) =>
        Container.TryReplaceAsync(list, list.Id, new PartitionKey(list.CountyId), etag, cancellationToken);
}
