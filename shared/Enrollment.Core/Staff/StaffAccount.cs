namespace Enrollment.Core.Staff;

/// <summary>What a member of staff may do; the scope (schools or county) says where.</summary>
public enum StaffRole
{
    /// <summary>学校招生审核人员: reviews the applications of the schools it is scoped to.</summary>
    SchoolReviewer,

    /// <summary>校长: reviews like a reviewer and approves the school's final list.</summary>
    SchoolHead,

    /// <summary>教育局招生工作人员: the county's configuration, windows, lottery, appeals and ledgers.</summary>
    BureauOfficer,

    /// <summary>审计: reads everything in the county, changes nothing.</summary>
    Auditor,

    /// <summary>平台运维: sets up new counties and their first officer; reaches no county's applications or configuration.</summary>
    PlatformOperator,
}

/// <summary>
/// A member of staff. The id is the sign-in name (for Entra ID, the user principal name), lower case.
/// Accounts signing in with a password keep its hash here; bureau officers also a TOTP secret (encrypted).
/// </summary>
public sealed record StaffAccount(
    string Id,
    string DisplayName,
    StaffRole Role,
    string CountyId,
    IReadOnlyList<string> SchoolIds,
    string? PasswordHash,
    string? TotpSecretEncrypted,
    long LastTotpStep,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string SessionStamp,
    bool Disabled,
    DateTimeOffset CreatedAt,
    string? MobileEncrypted = null,
    string? MobileMasked = null)
{
    /// <summary>The county id of platform operators: one no county may take, so no county's check ever lets them in.</summary>
    public const string PlatformScope = "platform";

    public static string NormalizeId(string signInName) => signInName.Trim().ToLowerInvariant();

    /// <summary>Bureau officers hold the county's keys (windows, lottery) and operators make counties, so a password alone never suffices.</summary>
    public bool NeedsSecondFactor => NeedsSecondFactorFor(Role);

    public static bool NeedsSecondFactorFor(StaffRole role) => role is StaffRole.BureauOfficer or StaffRole.PlatformOperator;

    /// <summary>May set up new counties.</summary>
    public bool CanOnboard => !Disabled && Role == StaffRole.PlatformOperator && CountyId == PlatformScope;

    /// <summary>May read this school's applications: its own reviewers and head, or anyone county-wide in its county.</summary>
    public bool CanRead(string countyId, string schoolId) =>
        !Disabled && countyId == CountyId && (Role is StaffRole.BureauOfficer or StaffRole.Auditor || SchoolIds.Contains(schoolId));

    /// <summary>May decide on this school's applications (approve, return, reject): its reviewers and head, and the bureau.</summary>
    public bool CanReview(string countyId, string schoolId) => CanRead(countyId, schoolId) && Role != StaffRole.Auditor;

    /// <summary>May change the county's configuration and windows.</summary>
    public bool CanConfigure(string countyId) => !Disabled && countyId == CountyId && Role == StaffRole.BureauOfficer;

    /// <summary>May export a school's admitted list for student-record registration: the school's head, or the county's bureau officers.</summary>
    public bool CanExport(string countyId, string schoolId) =>
        CanRead(countyId, schoolId) && (Role == StaffRole.BureauOfficer || (Role == StaffRole.SchoolHead && SchoolIds.Contains(schoolId)));

    /// <summary>May approve the school's final admission list (审定录取名单): its head only.</summary>
    public bool CanApproveAdmissions(string countyId, string schoolId) => CanRead(countyId, schoolId) && Role == StaffRole.SchoolHead && SchoolIds.Contains(schoolId);

    /// <summary>May read the county's audit log and ledgers.</summary>
    public bool CanAudit(string countyId) => !Disabled && countyId == CountyId && Role is StaffRole.BureauOfficer or StaffRole.Auditor;
}
