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
    DateTimeOffset SubmittedAt,
    IReadOnlyList<OutboxMessage>? Outbox = null,
    Lottery.LotteryTicket? Lottery = null,
    int? Class = null,
    DateTimeOffset? CheckedInAt = null,
    IReadOnlyList<string>? Reminded = null,
    bool? SiblingConfirmed = null)
{
    /// <summary>多孩长幼随学: the family says an older child attends the school; it counts only once the school confirmed it.</summary>
    public bool ClaimsSibling => PriorityClaims.Any(c => c.Kind == PriorityKind.SiblingAtSchool);

    public bool HasConfirmedSibling => ClaimsSibling && SiblingConfirmed == true;

    /// <summary>
    /// Records a change of status. A change the guardian did not make themselves also queues a message
    /// to them in the same document, so the message is stored exactly when the change is.
    /// </summary>
    public Application MoveTo(ApplicationStatus status, DateTimeOffset at, Actor by, string? note)
    {
        var history = new StatusChange(status, at, by, note);
        var outbox = Outbox ?? [];
        if (by != Actor.Parent && Notifications.TemplateFor(status) is { } template)
        {
            outbox = [.. outbox, new OutboxMessage($"{Id}-{History.Count}", template, status, at, Attempts: 0, SendingSince: null)];
        }

        return this with { Status = status, History = [.. History, history], Outbox = outbox };
    }
}

/// <summary>
/// A message to the guardian waiting to be sent; removed once the provider has taken it. A reminder names the
/// <paramref name="Deadline"/> it reminds of.
/// </summary>
public sealed record OutboxMessage(string Id, string Template, ApplicationStatus Status, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? SendingSince, DateTimeOffset? Deadline = null);

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
