namespace Enrollment.Core.Counties;

public interface ICountyStore
{
    Task<County?> GetAsync(string countyId, CancellationToken cancellationToken);

    IAsyncEnumerable<County> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores the county unless it already exists; false when it did.</summary>
    Task<bool> TryCreateAsync(County county, CancellationToken cancellationToken);

    Task UpsertAsync(County county, CancellationToken cancellationToken);

    /// <summary>The county with its ETag, for a change written under it.</summary>
    Task<Applications.Versioned<County>?> GetVersionedAsync(string countyId, CancellationToken cancellationToken);

    /// <summary>Replaces the county unless it changed since <paramref name="etag"/>; false when it did.</summary>
    Task<bool> TryReplaceAsync(County county, string etag, CancellationToken cancellationToken);
}
