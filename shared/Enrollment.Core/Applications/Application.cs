using Enrollment.Core.Identity;

namespace Enrollment.Core.Applications;

public enum ApplicationStatus
{
    /// <summary>已提交: stored, waiting for the registration window to close.</summary>
    Submitted,

    /// <summary>审核中: the school is reviewing it.</summary>
    UnderReview,
}

/// <summary>
/// An application (报名申请) for one child at one school in one year. Stored in the school's
/// partition, so the school's queue is one partition and a status lookup is one point read.
/// The identity number is kept only masked and encrypted.
/// </summary>
public sealed record Application(
    string Id,
    string ParentId,
    string SchoolId,
    string SchoolName,
    string CountyId,
    int EnrollmentYear,
    ApplicationStatus Status,
    ChildRecord Child,
    GuardianRecord Guardian,
    string ClaimId,
    DateTimeOffset SubmittedAt);

public sealed record ChildRecord(string Name, string IdNumberMasked, string IdNumberEncrypted, DateOnly BirthDate, Sex Sex);

public sealed record GuardianRecord(string Name, string MobileMasked, string MobileEncrypted);

/// <summary>
/// The storage-enforced "one application per child per year": its id is a keyed hash of the
/// identity number and the year, and it is created with create-only semantics.
/// </summary>
public sealed record ChildClaim(string Id, string ApplicationId, string SchoolId, string? IdempotencyKey, DateTimeOffset ClaimedAt);

public static class ApplicationStatusText
{
    public static string ForParents(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "已提交",
        ApplicationStatus.UnderReview => "审核中",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
