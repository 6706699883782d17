using Enrollment.Core.Identity;

namespace Enrollment.Core.Applications;

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
    IReadOnlyList<StatusChange> History,
    ChildRecord Child,
    IReadOnlyList<FamilyMemberRecord> Family,
    ResidenceForm Residence,
    CircumstancesForm Circumstances,
    IReadOnlyList<PriorityClaimForm> PriorityClaims,
    IReadOnlyList<Checks.FactResult> Facts,
    IReadOnlyList<Checks.RealNameCheck> RealNames,
    string EncryptedForm,
    CorrectionRequest? Correction,
    string ClaimId,
    DateTimeOffset SubmittedAt)
{
    public Application MoveTo(ApplicationStatus status, DateTimeOffset at, Actor by, string? note) =>
        this with { Status = status, History = [.. History, new StatusChange(status, at, by, note)] };
}

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

/// <summary>What the school asked the guardian to correct (退回补充): only these fields and documents may change, until the deadline.</summary>
public sealed record CorrectionRequest(
    IReadOnlyList<string> Fields,
    IReadOnlyList<Outside.FactKind> Documents,
    string Message,
    DateTimeOffset Deadline,
    DateTimeOffset RequestedAt);
