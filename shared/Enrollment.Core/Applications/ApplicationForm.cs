using System.Text.Json.Serialization;
using Enrollment.Core.Identity;

namespace Enrollment.Core.Applications;

// What a guardian fills in: the fields of the national student-record form (学籍信息采集表) and the
// basis of eligibility, nothing more. Unknown fields are refused when the JSON is read, so the form
// cannot carry incomes, grades or certificates even by accident. Every field is optional here, since
// a draft may be half filled; ApplicationFormValidation decides what a submission needs.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApplicationForm(
    string? CountyId,
    IReadOnlyList<string>? SchoolIds,
    ChildForm? Child,
    IReadOnlyList<FamilyMemberForm>? Family,
    ResidenceForm? Residence,
    CircumstancesForm? Circumstances,
    IReadOnlyList<PriorityClaimForm>? PriorityClaims);

/// <summary>The child: birth date and sex are asked only when the document is not a resident ID, which holds both.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChildForm(
    string? Name,
    string? Pinyin,
    string? FormerName,
    IdentityDocumentType? DocumentType,
    string? DocumentNumber,
    DateOnly? DocumentValidUntil,
    Sex? Sex,
    DateOnly? BirthDate,
    string? BirthplaceCode,
    string? NativePlace,
    string? EthnicityCode,
    string? NationalityCode,
    OverseasStatus? OverseasStatus,
    HealthStatus? Health,
    string? HouseholdRegistrationPlace,
    HouseholdType? HouseholdType,
    string? CurrentAddress,
    string? MailingAddress,
    string? HomeAddress,
    string? Phone,
    string? Postcode);

/// <summary>A family member (1–2 on the form); at least one is a guardian.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FamilyMemberForm(
    string? Name,
    FamilyRelationship? Relationship,
    bool? IsGuardian,
    string? Mobile,
    IdentityDocumentType? DocumentType,
    string? DocumentNumber,
    string? EthnicityCode,
    string? Address,
    string? HouseholdRegistrationPlace,
    string? Employer,
    string? Position);

/// <summary>
/// Why the child belongs to the catchment: household registration, owned property, registered rental or residence permit.
/// For a home the family owns, what shows it (<see cref="PropertyProof"/>, the certificate when not given); for a residence
/// permit, how the parent works here (<see cref="Employment"/>, social insurance when not given).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ResidenceForm(EligibilityBasis? Basis, string? Address, PropertyProof? Proof = null, Employment? Employment = null);

/// <summary>What shows the family owns its home: 不动产权证书, or for a new home not yet registered, 购房网签合同.</summary>
public enum PropertyProof
{
    Certificate,
    SaleContract,
}

/// <summary>How a parent holding a residence permit works here: 社会保险参保, 个体工商户, or 企业法人.</summary>
public enum Employment
{
    SocialInsurance,
    IndividualBusiness,
    Enterprise,
}

/// <summary>The form's flags and the special circumstances a guardian may declare; none is needed to apply.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CircumstancesForm(
    bool? OnlyChild,
    bool? AttendedKindergarten,
    LeftBehindStatus? LeftBehind,
    bool? MigrantWorkerChild,
    bool? Orphan,
    bool? DeFactoUnsupported,
    bool? MartyrOrPriorityCareChild,
    DisabilityType? Disability,
    DisabilityPlacement? DisabilityPlacement,
    bool? GovernmentPurchasedPlace,
    bool? NeedsFinancialAid,
    decimal? DistanceToSchoolKm,
    WayToSchool? WayToSchool,
    bool? NeedsSchoolBus,
    Boarding? Boarding);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PriorityClaimForm(PriorityKind? Kind, string? Note);

/// <summary>The form's document types (证件类型): codes 1, 6, 7, 8, 9, A, Z.</summary>
public enum IdentityDocumentType
{
    ResidentId,
    HongKongPermit,
    MacaoPermit,
    TaiwanPermit,
    ForeignPermanentResidence,
    Passport,

    /// <summary>No document yet, e.g. a child not in a household register, admitted on a birth certificate.</summary>
    Other,
}

public enum OverseasStatus
{
    None,
    HongKong,
    Macao,
    Taiwan,
    OverseasChinese,
    Foreign,
}

public enum HealthStatus
{
    Good,
    Fair,
    ChronicIllness,
    Disability,
}

public enum HouseholdType
{
    Agricultural,
    NonAgricultural,
}

public enum FamilyRelationship
{
    Father,
    Mother,
    Grandparent,
    OtherRelative,
    Other,
}

public enum EligibilityBasis
{
    HouseholdRegistration,
    OwnedProperty,
    RegisteredRental,
    ResidencePermit,
}

public enum LeftBehindStatus
{
    No,
    OneParentAway,
    BothParentsAway,
}

public enum DisabilityType
{
    Visual,
    Hearing,
    Speech,
    Physical,
    Intellectual,
    Mental,
    Multiple,
    Other,
}

/// <summary>Where a disabled child is to learn: a regular class first, a special school, or teaching at home.</summary>
public enum DisabilityPlacement
{
    RegularClass,
    SpecialSchool,
    HomeTeaching,
}

public enum WayToSchool
{
    Walk,
    Bicycle,
    PublicTransport,
    SchoolBus,
    FamilyCar,
    Other,
}

public enum Boarding
{
    Day,
    Boarding,
}

/// <summary>Priority groups (优抚 and the like) a guardian may claim; the bureau decides what each is worth.</summary>
public enum PriorityKind
{
    MartyrOrServiceFamily,
    SiblingAtSchool,
    HighLevelTalent,
}
