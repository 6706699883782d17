using Enrollment.Core.Rules;

namespace Enrollment.Core.Counties;

public enum Stage
{
    Primary,
    JuniorSecondary,
}

public enum SchoolKind
{
    Public,
    Private,
}

/// <summary>One school as the bureau configures it for a year: its catchment and its plan (招生计划).</summary>
public sealed record School(
    string Id,
    string Name,
    SchoolKind Kind,
    Stage Stage,
    string Address,
    string Hotline,
    Catchment Catchment,
    Plan Plan);

/// <summary>The streets and communities (划片范围) whose families are served first by a public school.</summary>
public sealed record Catchment(string Description, IReadOnlyList<string> Communities);

/// <summary>
/// Places and classes the school may admit this year, and the most children per class (班额) when the bureau
/// sets it below the stage's legal maximum (<see cref="PlanRules"/>).
/// </summary>
public sealed record Plan(int Places, int Classes, int? ClassSize = null);

/// <summary>
/// A county's enrollment configuration for one year: the bureau's calendar, rules and schools.
/// Stored as one document so a request reads it in one point read and sees every change at once.
/// <see cref="Version"/> counts the bureau's changes; each one is written under the document's ETag.
/// <see cref="ConfirmAdmissionsAtClose"/>: a school's approved final list is confirmed when its admission window closes,
/// without waiting for an officer. <see cref="PrivateFallback"/>: where a child a private school did not admit goes.
/// <see cref="DivisionCode"/> (行政区划代码) and <see cref="Stages"/> are set when the platform creates the county.
/// <see cref="Policy"/>, <see cref="Materials"/>, <see cref="Complaints"/> and <see cref="SchoolRules"/> are the published
/// texts; <see cref="DraftTexts"/> the bureau's next version of them, shown only to staff until published.
/// <see cref="RehearsalOf"/>: this is a practice copy (演练) of that county, which only the rehearsal itself sees
/// (<see cref="RealCounties"/>).
/// </summary>
public sealed record County(
    string Id,
    string Name,
    int EnrollmentYear,
    AgeRule AgeRule,
    WindowCalendar Calendar,
    IReadOnlyList<School> Schools,
    PublicPolicy? Policy = null,
    IReadOnlyList<RequiredMaterial>? Materials = null,
    ComplaintChannel? Complaints = null,
    int Version = 1,
    Audit.AuditEntry? PendingAudit = null,
    IReadOnlyList<Admission.AdmissionOrder>? AdmissionOrders = null,
    bool ConfirmAdmissionsAtClose = false,
    PrivateFallback PrivateFallback = PrivateFallback.PublicChoice,
    string? DivisionCode = null,
    IReadOnlyList<Stage>? Stages = null,
    IReadOnlyDictionary<string, string>? SchoolRules = null,
    PublicTexts? DraftTexts = null,
    string? RehearsalOf = null)
{
    /// <summary>
    /// The key a child is claimed under this year: in a rehearsal, its own, so a synthetic child can never hold a
    /// real child's place in the one-application-per-child rule.
    /// </summary>
    public string ClaimKeyFor(string childKey) => RehearsalOf is null ? childKey : $"rehearsal:{Id}:{childKey}";

    /// <summary>The county with these texts published (and no draft left): what the public pages then show.</summary>
    public County Publishing(PublicTexts texts) => this with
    {
        Policy = texts.Policy, Materials = texts.Materials?.OfType<RequiredMaterial>().ToList(), Complaints = texts.Complaints, SchoolRules = texts.SchoolRules, DraftTexts = null,
    };

    /// <summary>The stage's admission order (招生顺位), if the county set one.</summary>
    public Admission.AdmissionOrder? AdmissionOrderFor(Stage stage) => AdmissionOrders?.FirstOrDefault(o => o.Stage == stage);

    /// <summary>
    /// An application of a year the county has rolled over from: kept for officers (exports, audit) until its
    /// retention ends, and read-only for everyone.
    /// </summary>
    public bool IsPastYear(Applications.Application application) => application.EnrollmentYear < EnrollmentYear;

    /// <summary>What a parent or member of staff is told when they try to change an application of a past year.</summary>
    public static string PastYearReason(int year) => $"这是{year}年度的报名，该年度招生已经结束并归档，只能查看，不能再更改。如有疑问，请联系教育局。";

    public School? FindSchool(string schoolId) => Schools.FirstOrDefault(s => s.Id == schoolId);

    /// <summary>How the school's window for this step reads at <paramref name="at"/>: checked on every request.</summary>
    public WindowReading WindowFor(WindowKind kind, School school, DateTimeOffset at) => Calendar.Read(kind, school, at);

    /// <summary>The stage's county-wide window for this step.</summary>
    public WindowReading WindowFor(WindowKind kind, Stage stage, DateTimeOffset at) => Calendar.Read(kind, stage, at);
}

/// <summary>
/// 公民同招: where a child a private school's lottery did not admit is reviewed next. Either way, a child the rule finds
/// no school for is not admitted and appears in the bureau's placement report.
/// </summary>
public enum PrivateFallback
{
    /// <summary>The public school the family chose on the form, else the school whose catchment holds the family's address.</summary>
    PublicChoice,

    /// <summary>The public school whose catchment holds the family's address, whatever the form chose.</summary>
    CatchmentSchool,
}
