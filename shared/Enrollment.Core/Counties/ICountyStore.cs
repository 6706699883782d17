namespace Enrollment.Core.Counties;

public interface ICountyStore
{
    Task<County?> GetAsync(string countyId, CancellationToken cancellationToken);

    IAsyncEnumerable<County> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores the county unless it already exists; false when it did.</summary>
    Task<bool> TryCreateAsync(County county, CancellationToken cancellationToken);

    Task UpsertAsync(County county, CancellationToken cancellationToken);
}
