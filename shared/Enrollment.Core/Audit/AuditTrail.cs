using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Audit;

public abstract record AuditReadOutcome
{
    private AuditReadOutcome()
    {
    }

    public sealed record Read(AuditPage Page) : AuditReadOutcome;

    /// <summary>No such county, or not one the caller may audit: the same answer.</summary>
    public sealed record NotFound : AuditReadOutcome;

    /// <summary>A page size out of range, or a period that ends before it starts.</summary>
    public sealed record InvalidQuery : AuditReadOutcome;

    /// <summary>The continuation token is not one the log issued.</summary>
    public sealed record InvalidContinuation : AuditReadOutcome;
}

/// <summary>
/// Reading a county's audit log, for its officers and auditors. A configuration change whose own entry
/// was not yet appended (the process stopped between the two writes) carries it on the county, and the
/// log shows it from there at once; reading never writes, the county's next change appends it.
/// </summary>
public sealed class AuditTrail(IAuditLog log, ICountyStore counties)
{
    public const int MaxPageSize = 100;

    public async Task<AuditReadOutcome> ReadAsync(StaffAccount staff, string countyId, AuditQuery query, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county)
        {
            return new AuditReadOutcome.NotFound();
        }

        if (pageSize is < 1 or > MaxPageSize || query.From >= query.Until)
        {
            return new AuditReadOutcome.InvalidQuery();
        }

        if (await log.ReadAsync(countyId, query, pageSize, continuationToken, cancellationToken) is not { } page)
        {
            return new AuditReadOutcome.InvalidContinuation();
        }

        // The pending entry is the county's latest change, so it heads the first page.
        return county.PendingAudit is { } pending && continuationToken is null && query.Matches(pending) && page.Entries.All(e => e.Id != pending.Id)
            ? new AuditReadOutcome.Read(page with { Entries = [pending, .. page.Entries] })
            : new AuditReadOutcome.Read(page);
    }
}
