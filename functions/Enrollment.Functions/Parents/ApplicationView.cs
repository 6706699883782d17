using Enrollment.Core.Applications;

namespace Enrollment.Functions.Parents;

/// <summary>What a parent sees of their own application; the identity number and mobile only masked.</summary>
public sealed record ApplicationView(
    string Id,
    string Status,
    string StatusText,
    string CountyId,
    string SchoolId,
    string SchoolName,
    int EnrollmentYear,
    string ChildName,
    string ChildIdNumberMasked,
    DateOnly ChildBirthDate,
    string ChildSex,
    string GuardianName,
    string GuardianMobileMasked,
    DateTimeOffset SubmittedAt)
{
    public static ApplicationView From(Application a) => new(
        a.Id,
        a.Status.ToString(),
        ApplicationStatusText.ForParents(a.Status),
        a.CountyId,
        a.SchoolId,
        a.SchoolName,
        a.EnrollmentYear,
        a.Child.Name,
        a.Child.IdNumberMasked,
        a.Child.BirthDate,
        a.Child.Sex == Core.Identity.Sex.Male ? "男" : "女",
        a.Guardian.Name,
        a.Guardian.MobileMasked,
        a.SubmittedAt);
}
