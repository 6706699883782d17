using Enrollment.Core.Admission;
using Enrollment.Core.Applications;
using Enrollment.Functions.Http;
using Enrollment.Functions.Parents;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Enrollment.Functions.Schools;

/// <summary>
/// 录取 and 报到: the school's head approves the final list, the bureau confirms it, the family gets its notice, the
/// school records who reported, and the bureau follows up whoever did not.
/// </summary>
public static class AdmissionApi
{
    public static IEndpointRouteBuilder MapAdmissionApi(this IEndpointRouteBuilder app)
    {
        var county = app.MapGroup("/api/staff/counties/{countyId}").WithTags("Schools").RequireAuthorization(StaffAuthenticationHandler.Policy);
        county.MapGet("/schools/{schoolId}/admission", GetAsync).WithName("GetAdmissionList")
            .WithSummary("The school's final list: everyone eligible or admitted, the plan, what still stands in the way, and the list as approved or confirmed; answers its ETag.");
        county.MapPost("/schools/{schoolId}/admission/approve", ApproveAsync).WithName("ApproveAdmissionList")
            .WithSummary("校长审定 (If-Match required): the school's head approves the list as read, in the admission window, up to the plan.");
        county.MapPost("/schools/{schoolId}/admission/confirm", ConfirmAsync).WithName("ConfirmAdmissionList")
            .WithSummary("教育局确认 (If-Match required): every eligible child on the approved list is admitted and told.");
        county.MapGet("/actual-enrolment", ActualEnrolmentAsync).WithName("GetActualEnrolment")
            .WithSummary("实际入学排查: per school, the admitted children, how many reported, and who has not (masked).");

        var school = app.MapGroup("/api/staff/schools/{schoolId}").WithTags("Schools").RequireAuthorization(StaffAuthenticationHandler.Policy);
        school.MapGet("/notices/{applicationId}", VerifyNoticeAsync).WithName("VerifyAdmissionNotice")
            .WithSummary("At the gate: whether an admission notice's code is genuine, and the child it names.");
        school.MapPost("/check-ins", CheckInAsync).WithName("CheckIn")
            .WithSummary("报到: records the listed admitted children as reported, in the school's check-in window; repeating it changes nothing.");

        app.MapGet("/api/parent/applications/{applicationId}/notice", NoticeAsync).WithTags("Parents").RequireAuthorization(ParentAuthenticationHandler.Policy).WithName("GetAdmissionNotice")
            .WithSummary("入学通知书: the admitted child's notice with its code and a QR code the school gate scans.");
        return app;
    }

    public static async Task<Results<Ok<AdmissionView>, ProblemHttpResult>> GetAsync(
        string countyId, string schoolId, SignedInStaff staff, HttpContext context, Admissions admissions, CancellationToken cancellationToken)
    {
        if (await admissions.GetAsync(staff, countyId, schoolId, cancellationToken) is not { } sheet)
        {
            return SchoolNotFound();
        }

        context.Response.Headers.ETag = sheet.ETag;
        return TypedResults.Ok(AdmissionView.From(sheet));
    }

    public static Task<Results<Ok<AdmissionView>, ProblemHttpResult>> ApproveAsync(
        string countyId, string schoolId, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, Admissions admissions, CancellationToken cancellationToken) =>
        StepAsync(context, ifMatch, "只有本校校长可以审定录取名单，您可以查看。", etag => admissions.ApproveAsync(staff, countyId, schoolId, etag, cancellationToken));

    public static Task<Results<Ok<AdmissionView>, ProblemHttpResult>> ConfirmAsync(
        string countyId, string schoolId, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, Admissions admissions, CancellationToken cancellationToken) =>
        StepAsync(context, ifMatch, "只有本县教育局招生工作人员可以确认录取名单，您可以查看。", etag => admissions.ConfirmAsync(staff, countyId, schoolId, etag, cancellationToken));

    public static async Task<Results<Ok<EnrolmentRow[]>, ProblemHttpResult>> ActualEnrolmentAsync(
        string countyId, SignedInStaff staff, CheckIns checkIns, CancellationToken cancellationToken) =>
        await checkIns.ActualEnrolmentAsync(staff, countyId, cancellationToken) is { } rows
            ? TypedResults.Ok(rows.ToArray())
            : Problems.CountyOrSchoolNotFound();

    public static async Task<Results<Ok<AdmissionNotice>, ProblemHttpResult>> VerifyNoticeAsync(
        string schoolId, string applicationId, [FromQuery] string? code, SignedInStaff staff, CheckIns checkIns, CancellationToken cancellationToken) =>
        await checkIns.VerifyAsync(staff, schoolId, applicationId, code, cancellationToken) is { } notice
            ? TypedResults.Ok(notice)
            : Problems.Problem(StatusCodes.Status404NotFound, "notice-not-valid", "通知书无法核验",
                "没有找到与这个编号相符的本校录取通知书。请核对通知书编号，或在录取名单中按报名编号查找。");

    public static async Task<Results<Ok<CheckInLine[]>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        string schoolId, CheckInRequest request, SignedInStaff staff, CheckIns checkIns, CancellationToken cancellationToken) =>
        await checkIns.CheckInAsync(staff, schoolId, request.ApplicationIds, cancellationToken) switch
        {
            CheckInOutcome.Done done => TypedResults.Ok(done.Lines.ToArray()),
            CheckInOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            CheckInOutcome.NotAllowed => Problems.ReadOnly("没有报到登记权限", "只有本校招生工作人员和教育局可以登记报到，您可以查看。"),
            CheckInOutcome.Refused refused => Problems.Problem(StatusCodes.Status409Conflict, "check-in-window-closed", "不在报到时间内", refused.Detail),
            _ => SchoolNotFound(),
        };

    public static async Task<Results<Ok<AdmissionNoticeView>, ProblemHttpResult>> NoticeAsync(
        string applicationId, SignedInParent parent, Core.Parents.ParentAccounts accounts, CheckIns checkIns, HttpContext context, IOptions<EnrollmentOptions> enrollment,
        CancellationToken cancellationToken)
    {
        var reference = await ParentsApi.FindAsync(parent.Session, applicationId, accounts, cancellationToken);
        if (reference is null || await checkIns.NoticeAsync(parent.ParentId, reference, cancellationToken) is not { } notice)
        {
            return Problems.Problem(StatusCodes.Status404NotFound, "no-notice", "还没有录取通知书", "孩子被录取后，入学通知书会在这里显示。请留意短信或微信通知。");
        }

        var gate = $"{enrollment.Value.BaseUrlFor(context.Request)}/staff/#gate/{Uri.EscapeDataString(notice.SchoolId)}/{Uri.EscapeDataString(notice.ApplicationId)}/{notice.Code}";
        using var data = QRCodeGenerator.GenerateQrCode(gate, QRCodeGenerator.ECCLevel.M);
        return TypedResults.Ok(new AdmissionNoticeView(notice, new SvgQRCode(data).GetGraphic(4)));
    }

    private static async Task<Results<Ok<AdmissionView>, ProblemHttpResult>> StepAsync(
        HttpContext context, string? ifMatch, string notAllowed, Func<string, Task<AdmissionOutcome>> step)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.IfMatchRequired("请先打开录取名单再操作", "为确保审定和确认的是您看到的名单，请求需要带上打开名单时的 ETag（If-Match）。");
        }

        switch (await step(ifMatch.Trim()))
        {
            case AdmissionOutcome.Done done:
                context.Response.Headers.ETag = done.Sheet.ETag;
                return TypedResults.Ok(AdmissionView.From(done.Sheet, done.Admitted));
            case AdmissionOutcome.NotAllowed:
                return Problems.ReadOnly("没有权限", notAllowed);
            case AdmissionOutcome.Changed:
                return Problems.Changed("录取名单已有变化", "您打开名单后，名单或其状态已经变化，没有保存。请刷新后重新核对。");
            case AdmissionOutcome.Refused refused:
                return Problems.Problem(StatusCodes.Status409Conflict, refused.Reason switch
                {
                    AdmissionRefusal.WindowClosed => ("admission-window-closed", "不在录取时间内"),
                    AdmissionRefusal.ReviewUnfinished => ("review-unfinished", "审核尚未完成"),
                    AdmissionRefusal.LotteryUnfinished => ("lottery-unfinished", "派位尚未完成"),
                    AdmissionRefusal.OverPlan => ("over-plan", "超过招生计划"),
                    AdmissionRefusal.NotApproved => ("not-approved", "校长尚未审定"),
                    _ => ("changed-since-approval", "名单在审定后有变化"),
                }, refused.Detail);
            default:
                return SchoolNotFound();
        }
    }

    private static ProblemHttpResult SchoolNotFound() => Problems.NotFound("没有找到这所学校", "请确认学校编号；只能查看本县、本人负责的学校。");
}

public sealed record CheckInRequest(IReadOnlyList<string>? ApplicationIds);

public sealed record AdmissionEntryView(string ApplicationId, string MaskedName, string Status, string StatusText, bool OutsideCatchment, bool CheckedIn);

/// <summary>The school's final list as staff see it; <c>state</c> is Proposed until the head approves it.</summary>
public sealed record AdmissionView(
    string SchoolId,
    string SchoolName,
    int Places,
    string State,
    int Round,
    bool ChangedSinceApproval,
    bool OverPlan,
    int AwaitingReview,
    int LotteryUnanswered,
    Core.Rules.Window? Window,
    bool WindowOpen,
    Core.Rules.Window? CheckInWindow,
    bool CheckInOpen,
    IReadOnlyList<AdmissionEntryView> Entries,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? ConfirmedAt,
    int? AdmittedNow)
{
    public static AdmissionView From(AdmissionSheet sheet, int? admittedNow = null) => new(
        sheet.School.Id,
        sheet.School.Name,
        sheet.Places,
        sheet.List?.State.ToString() ?? "Proposed",
        sheet.List?.Round ?? 0,
        sheet.List is not null && sheet.ChangedSinceApproval,
        sheet.OverPlan,
        sheet.AwaitingReview,
        sheet.LotteryUnanswered,
        sheet.Window.Window,
        sheet.Window.IsOpen,
        sheet.CheckIn.Window,
        sheet.CheckIn.IsOpen,
        sheet.Entries.Select(e => new AdmissionEntryView(e.ApplicationId, e.MaskedName, e.Status.ToString(), StatusGuide.For(e.Status).Text, e.OutsideCatchment, e.CheckedIn)).ToList(),
        sheet.List?.ApprovedAt,
        sheet.List?.ConfirmedAt,
        admittedNow);
}

/// <summary>The notice as the family's phone shows it: the notice and its QR code (SVG) for the school gate.</summary>
public sealed record AdmissionNoticeView(AdmissionNotice Notice, string QrSvg);
