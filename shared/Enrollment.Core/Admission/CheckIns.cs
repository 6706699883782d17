using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Admission;

/// <summary>入学通知书: what the family shows at the school gate, and what the code there proves.</summary>
public sealed record AdmissionNotice(
    string ApplicationId,
    string ChildName,
    string SchoolId,
    string SchoolName,
    string SchoolAddress,
    string SchoolHotline,
    int EnrollmentYear,
    DateTimeOffset AdmittedAt,
    int? Class,
    Window? CheckIn,
    string Code,
    DateTimeOffset? CheckedInAt);

public enum CheckInResult
{
    CheckedIn,
    AlreadyCheckedIn,

    /// <summary>Not a child admitted at this school this year (or no such application).</summary>
    NotAdmittedHere,
}

public sealed record CheckInLine(string ApplicationId, string? MaskedName, CheckInResult Result);

public abstract record CheckInOutcome
{
    private CheckInOutcome()
    {
    }

    public sealed record Done(IReadOnlyList<CheckInLine> Lines) : CheckInOutcome;

    public sealed record NotFound : CheckInOutcome;

    public sealed record NotAllowed : CheckInOutcome;

    public sealed record Refused(string Detail) : CheckInOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : CheckInOutcome;
}

/// <summary>One school's admitted children against those who reported, for the bureau's actual-enrolment check (实际入学排查).</summary>
public sealed record EnrolmentRow(string SchoolId, string SchoolName, int Admitted, int CheckedIn, Window? CheckIn, bool Overdue, IReadOnlyList<AdmittedChild> NotCheckedIn);

public sealed record AdmittedChild(string ApplicationId, string MaskedName);

/// <summary>
/// 报到: the school records who reported, one child at the gate (the notice's QR) or many from its list, in its check-in
/// window. The bureau sees every admitted child who has not reported, so none drops out unseen (控辍保学), and the
/// student-record (学籍) export holds only those who did.
/// </summary>
public sealed class CheckIns(ICountyStore counties, IApplicationStore applications, Admissions admissions, IAuditLog audit, TimeProvider time)
{
    public const int MaxPerRequest = 500;

    /// <summary>The family's notice, once its child is admitted; null otherwise (or not the family's).</summary>
    public async Task<AdmissionNotice?> NoticeAsync(string parentId, ApplicationReference reference, CancellationToken cancellationToken) =>
        await applications.GetParentsAsync(parentId, reference, cancellationToken) is { } application ? await NoticeOfAsync(application, cancellationToken) : null;

    /// <summary>At the gate: the notice behind a scanned code, if the code is the application's and the child is admitted at one of the staff's schools.</summary>
    public async Task<AdmissionNotice?> VerifyAsync(StaffAccount staff, string schoolId, string applicationId, string? code, CancellationToken cancellationToken) =>
        await applications.GetAtStaffSchoolAsync(staff, schoolId, applicationId, cancellationToken) is { } application && admissions.IsNoticeCode(application, code)
            ? await NoticeOfAsync(application, cancellationToken)
            : null;

    public async Task<CheckInOutcome> CheckInAsync(StaffAccount staff, string schoolId, IReadOnlyList<string>? applicationIds, CancellationToken cancellationToken)
    {
        if (!staff.CanRead(staff.CountyId, schoolId) || await counties.GetAsync(staff.CountyId, cancellationToken) is not { } county || county.FindSchool(schoolId) is not { } school)
        {
            return new CheckInOutcome.NotFound();
        }

        if (!staff.CanReview(county.Id, school.Id))
        {
            return new CheckInOutcome.NotAllowed();
        }

        if (applicationIds is not { Count: > 0 and <= MaxPerRequest } || applicationIds.Any(string.IsNullOrWhiteSpace))
        {
            return new CheckInOutcome.Invalid(new Dictionary<string, string[]> { ["applicationIds"] = [$"请选择报到的学生（一次 1 至 {MaxPerRequest} 名）。"] });
        }

        var now = time.GetUtcNow();
        switch (county.WindowFor(WindowKind.CheckIn, school, now))
        {
            case { IsOpen: true }:
                break;
            case { Window: { } window }:
                return new CheckInOutcome.Refused($"{school.Name}的报到时间为 {window.Describe()}，现在不在报到时间内。");
            default:
                return new CheckInOutcome.Refused($"教育局尚未设置{school.Name}的报到时间。");
        }

        var lines = new List<CheckInLine>();
        foreach (var id in applicationIds.Distinct(StringComparer.Ordinal))
        {
            var result = CheckInResult.NotAdmittedHere;
            var stored = await applications.UpdateAsync(id, school.Id, a =>
            {
                result = a.Status != ApplicationStatus.Admitted || a.CountyId != county.Id || a.EnrollmentYear != county.EnrollmentYear ? CheckInResult.NotAdmittedHere
                    : a.CheckedInAt is null ? CheckInResult.CheckedIn
                    : CheckInResult.AlreadyCheckedIn;
                return result == CheckInResult.CheckedIn ? a with { CheckedInAt = now } : null;
            }, cancellationToken);
            lines.Add(new CheckInLine(id, stored is not null && result != CheckInResult.NotAdmittedHere ? PersonName.Mask(stored.Child.Name) : null, stored is null ? CheckInResult.NotAdmittedHere : result));
            if (stored is not null && result == CheckInResult.CheckedIn)
            {
                await audit.AppendAsync(AuditEntry.By(staff, county.Id, now, AuditActions.CheckIn, "application", id, after: $"school={school.Id}", id: $"{county.Id}.check-in.{id}"), cancellationToken);
            }
        }

        return new CheckInOutcome.Done(lines);
    }

    /// <summary>实际入学排查: every school's admitted children and who has not reported; null when the caller may not read the county's ledgers.</summary>
    public async Task<IReadOnlyList<EnrolmentRow>?> ActualEnrolmentAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var rows = new List<EnrolmentRow>();
        foreach (var school in county.Schools)
        {
            var admitted = 0;
            var missing = new List<AdmittedChild>();
            await foreach (var application in applications.ListByStatusAsync(school.Id, county.EnrollmentYear, ApplicationStatus.Admitted, cancellationToken))
            {
                if (application.CountyId != county.Id || application.EnrollmentYear != county.EnrollmentYear)
                {
                    continue;
                }

                admitted++;
                if (application.CheckedInAt is null)
                {
                    missing.Add(new AdmittedChild(application.Id, PersonName.Mask(application.Child.Name)));
                }
            }

            var window = county.WindowFor(WindowKind.CheckIn, school, now).Window;
            rows.Add(new EnrolmentRow(school.Id, school.Name, admitted, admitted - missing.Count, window, window is not null && now >= window.Closes && missing.Count > 0,
                [.. missing.OrderBy(m => m.ApplicationId, StringComparer.Ordinal)]));
        }

        return rows;
    }

    private async Task<AdmissionNotice?> NoticeOfAsync(Application application, CancellationToken cancellationToken)
    {
        if (application.Status != ApplicationStatus.Admitted || await counties.GetAsync(application.CountyId, cancellationToken) is not { } county
            || county.FindSchool(application.SchoolId) is not { } school || application.History.LastOrDefault(h => h.Status == ApplicationStatus.Admitted) is not { } admitted)
        {
            return null;
        }

        return new AdmissionNotice(application.Id, application.Child.Name, school.Id, school.Name, school.Address, school.Hotline, application.EnrollmentYear,
            admitted.At, application.Class, county.WindowFor(WindowKind.CheckIn, school, time.GetUtcNow()).Window, admissions.NoticeCode(application), application.CheckedInAt);
    }
}
