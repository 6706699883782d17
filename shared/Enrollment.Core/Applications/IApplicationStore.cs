namespace Enrollment.Core.Applications;

/// <summary>Where applications and child claims are kept; expected outcomes are return values.</summary>
public interface IApplicationStore
{
    /// <summary>Creates the claim unless one with its id exists; false when it already exists.</summary>
    Task<bool> TryCreateClaimAsync(ChildClaim claim, CancellationToken cancellationToken);

    Task<Versioned<ChildClaim>?> GetClaimAsync(string claimId, CancellationToken cancellationToken);

    /// <summary>Replaces the claim only if it is unchanged since it was read; false when someone else changed it.</summary>
    Task<bool> TryReplaceClaimAsync(ChildClaim claim, string etag, CancellationToken cancellationToken);

    /// <summary>Creates the application, or returns the one already stored under its id.</summary>
    Task<Application> CreateOrGetApplicationAsync(Application application, CancellationToken cancellationToken);

    Task<Application?> GetApplicationAsync(string applicationId, string schoolId, CancellationToken cancellationToken);

    /// <summary>The application with the ETag it was read under, for a decision that must not overwrite anyone else's.</summary>
    Task<Versioned<Application>?> GetVersionedApplicationAsync(string applicationId, string schoolId, CancellationToken cancellationToken);

    /// <summary>Replaces the application only if it is unchanged since it was read under <paramref name="etag"/>; the new ETag, or null when someone else changed it.</summary>
    Task<string?> TryReplaceApplicationAsync(Application application, string etag, CancellationToken cancellationToken);

    // A school's partition holds every year it has taken applications for; everything that reads "the school's
    // applications" names the year, so last year's never reach this year's queue, lottery, lists or timers.

    /// <summary>
    /// One page of the school's applications for the year in these states (all states when empty), oldest submission first,
    /// each with its ETag. Null when <paramref name="continuationToken"/> is not one this store gave out.
    /// </summary>
    Task<ApplicationPage?> QueryAsync(string schoolId, int enrollmentYear, ApplicationQuery query, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>How many of the school's applications for the year are in these states.</summary>
    Task<int> CountAsync(string schoolId, int enrollmentYear, IReadOnlyList<ApplicationStatus> statuses, CancellationToken cancellationToken);

    /// <summary>Every application the school has for the year, whatever its state.</summary>
    IAsyncEnumerable<Application> ListAsync(string schoolId, int enrollmentYear, CancellationToken cancellationToken);

    IAsyncEnumerable<Application> ListByStatusAsync(string schoolId, int enrollmentYear, ApplicationStatus status, CancellationToken cancellationToken);

    /// <summary>The school's applications with messages waiting to be sent, of any year (a message owed is owed).</summary>
    IAsyncEnumerable<Application> ListWithOutboxAsync(string schoolId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the application, applies <paramref name="change"/> and writes it back under the ETag, re-reading
    /// when someone else changed it meanwhile. <paramref name="change"/> returns null to leave it as it is.
    /// The result is the stored application (changed or not), or null when there is none.
    /// </summary>
    Task<Application?> UpdateAsync(string applicationId, string schoolId, Func<Application, Application?> change, CancellationToken cancellationToken);

    /// <summary>Frees the child for another application this year (after a withdrawal).</summary>
    Task DeleteClaimAsync(string claimId, CancellationToken cancellationToken);
}

public sealed record Versioned<T>(T Value, string ETag);

/// <summary>
/// What a school's queue asks its partition for: states (any when empty), and optionally an application number
/// prefix or a name pattern (<paramref name="NamePrefix"/>, <paramref name="NameSuffix"/>, <paramref name="NameLength"/> when a masked name gives it).
/// </summary>
public sealed record ApplicationQuery(
    IReadOnlyList<ApplicationStatus> Statuses,
    string? NumberPrefix = null,
    string? NamePrefix = null,
    string? NameSuffix = null,
    int? NameLength = null);

public sealed record ApplicationPage(IReadOnlyList<Versioned<Application>> Applications, string? ContinuationToken);

public static class ApplicationStoreExtensions
{
    /// <summary>
    /// True when the child's claim names another application this year: this one was superseded (the bureau
    /// placed the child elsewhere), so reports that count children skip it.
    /// </summary>
    public static async Task<bool> IsSupersededAsync(this IApplicationStore store, Application application, CancellationToken cancellationToken) =>
        (await store.GetClaimAsync(application.ClaimId, cancellationToken))?.Value.ApplicationId is { } current && current != application.Id;

    /// <summary>One of this parent's applications; another parent's answers null, exactly like a missing one.</summary>
    public static async Task<Application?> GetParentsAsync(this IApplicationStore store, string parentId, Security.ApplicationReference reference, CancellationToken cancellationToken) =>
        await store.GetApplicationAsync(reference.ApplicationId, reference.SchoolId, cancellationToken) is { ParentId: var owner } application && owner == parentId
            ? application
            : null;

    /// <summary>An application at one of the staff member's schools in their county; anything else answers null, like a missing one.</summary>
    public static async Task<Application?> GetAtStaffSchoolAsync(this IApplicationStore store, Staff.StaffAccount staff, string schoolId, string applicationId, CancellationToken cancellationToken) =>
        staff.CanRead(staff.CountyId, schoolId) && await store.GetApplicationAsync(applicationId, schoolId, cancellationToken) is { } application
            && application.CountyId == staff.CountyId
            ? application
            : null;
}
