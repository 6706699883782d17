using Enrollment.Core.Announcements;
using Enrollment.Core.Applications;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Azure.Cosmos;

/// <summary>Announcements by county: a county's are one partition, read whole (a few hundred a year at most).</summary>
public sealed class CosmosAnnouncementStore(EnrollmentContainers containers) : IAnnouncementStore
{
    private Container Container => containers.AnnouncementsContainer;

    public Task CreateAsync(Announcement announcement, CancellationToken cancellationToken) =>
        Container.CreateItemAsync(announcement, new PartitionKey(announcement.CountyId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);

    public Task<Versioned<Announcement>?> GetAsync(string countyId, string id, CancellationToken cancellationToken) =>
        Container.ReadVersionedAsync<Announcement>(id, new PartitionKey(countyId), cancellationToken);

    public Task<bool> TryReplaceAsync(Announcement announcement, string etag, CancellationToken cancellationToken) =>
        Container.TryReplaceAsync(announcement, announcement.Id, new PartitionKey(announcement.CountyId), etag, cancellationToken);

    public IAsyncEnumerable<Announcement> ListAsync(string countyId, CancellationToken cancellationToken) =>
        Container.QueryAllAsync<Announcement>(new QueryDefinition("SELECT * FROM c"), new PartitionKey(countyId), cancellationToken);
}
