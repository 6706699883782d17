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

/// <summary>Places and classes the school may admit this year.</summary>
public sealed record Plan(int Places, int Classes);

/// <summary>
/// A county's enrollment configuration for one year: the bureau's calendar, rules and schools.
/// Stored as one document so a request reads it in one point read and sees every change at once.
/// </summary>
public sealed record County(
    string Id,
    string Name,
    int EnrollmentYear,
    AgeRule AgeRule,
    Window Registration,
    IReadOnlyList<School> Schools,
    PublicPolicy? Policy = null,
    IReadOnlyList<RequiredMaterial>? Materials = null,
    ComplaintChannel? Complaints = null)
{
    public School? FindSchool(string schoolId) => Schools.FirstOrDefault(s => s.Id == schoolId);
}
