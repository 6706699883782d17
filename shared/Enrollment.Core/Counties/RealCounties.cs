namespace Enrollment.Core.Counties;

/// <summary>
/// The counties as everything but a rehearsal sees them: a rehearsal's practice copy (<see cref="County.RehearsalOf"/>)
/// is not there. The public pages, parents, staff and every timer (messages, reminders, retries, the provincial
/// platform) read through this, so nothing of a rehearsal reaches a real phone, department or platform.
/// </summary>
public sealed class RealCounties(ICountyStore inner) : ICountyStore
{
    public async Task<County?> GetAsync(string countyId, CancellationToken cancellationToken) =>
        await inner.GetAsync(countyId, cancellationToken) is { RehearsalOf: null } county ? county : null;

    public IAsyncEnumerable<County> ListAsync(CancellationToken cancellationToken) =>
        inner.ListAsync(cancellationToken).Where(c => c.RehearsalOf is null);

    public Task<bool> TryCreateAsync(County county, CancellationToken cancellationToken) =>
        county.RehearsalOf is null ? inner.TryCreateAsync(county, cancellationToken) : throw new InvalidOperationException("Only a rehearsal creates a rehearsal.");

    public Task UpsertAsync(County county, CancellationToken cancellationToken) =>
        county.RehearsalOf is null ? inner.UpsertAsync(county, cancellationToken) : throw new InvalidOperationException("Only a rehearsal writes a rehearsal.");

    public async Task<Applications.Versioned<County>?> GetVersionedAsync(string countyId, CancellationToken cancellationToken) =>
        await inner.GetVersionedAsync(countyId, cancellationToken) is { Value.RehearsalOf: null } found ? found : null;

    public Task<bool> TryReplaceAsync(County county, string etag, CancellationToken cancellationToken) =>
        county.RehearsalOf is null ? inner.TryReplaceAsync(county, etag, cancellationToken) : throw new InvalidOperationException("Only a rehearsal writes a rehearsal.");
}
