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
/// An application (报名申请) for one child in one year, stored in the partition of its first-choice
/// school, so the school's queue is one partition and a status lookup is one point read. Document
/// and phone numbers are kept only masked and encrypted.
/// </summary>
public sealed record Application(
    string Id,
    string ParentId,
    string SchoolId,
    string SchoolName,
    IReadOnlyList<string> SchoolIds,
    string CountyId,
    int EnrollmentYear,
    ApplicationStatus Status,
    ChildRecord Child,
    IReadOnlyList<FamilyMemberRecord> Family,
    ResidenceForm Residence,
    CircumstancesForm Circumstances,
    IReadOnlyList<PriorityClaimForm> PriorityClaims,
    string ClaimId,
    DateTimeOffset SubmittedAt);

public sealed record ChildRecord(
    string Name,
    string? Pinyin,
    string? FormerName,
    IdentityDocumentType DocumentType,
    string? DocumentNumberMasked,
    string? DocumentNumberEncrypted,
    DateOnly? DocumentValidUntil,
    DateOnly BirthDate,
    Sex Sex,
    string BirthplaceCode,
    string NativePlace,
    string EthnicityCode,
    string NationalityCode,
    OverseasStatus OverseasStatus,
    HealthStatus Health,
    string HouseholdRegistrationPlace,
    HouseholdType HouseholdType,
    string CurrentAddress,
    string MailingAddress,
    string HomeAddress,
    string PhoneMasked,
    string PhoneEncrypted,
    string Postcode);

public sealed record FamilyMemberRecord(
    string Name,
    FamilyRelationship Relationship,
    bool IsGuardian,
    string MobileMasked,
    string MobileEncrypted,
    IdentityDocumentType? DocumentType,
    string? DocumentNumberMasked,
    string? DocumentNumberEncrypted,
    string? EthnicityCode,
    string? Address,
    string? HouseholdRegistrationPlace,
    string? Employer,
    string? Position);

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
