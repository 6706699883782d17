using Enrollment.Core.Applications;
using Enrollment.Core.Review;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Schools;

/// <summary>
/// 审核: a school's queues and its reviewers' decisions. Every route needs signed-in staff whose role and scope
/// cover the school; Reviews answers a school or application outside them exactly like a missing one.
/// </summary>
public static class ReviewApi
{
    public static RouteGroupBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/schools/{schoolId}").WithTags("Schools").RequireAuthorization(StaffAuthenticationHandler.Policy);

        api.MapGet("/summary", SummaryAsync)
            .WithName("GetReviewSummary")
            .WithSummary("The school's plan (places, classes), how many applications each queue holds, and the choices for returning and rejecting.");
        api.MapGet("/applications", QueueAsync)
            .WithName("ListReviewQueue")
            .WithSummary("One page of a queue (new, checking, returned, eligible, rejected; all when omitted), oldest first; search by application number or masked name.");
        api.MapPost("/applications/bulk-approve", BulkApproveAsync)
            .WithName("BulkApproveApplications")
            .WithSummary("Approve every new application the departments' data confirmed throughout, each under its own ETag; the rest are reported as skipped.");
        api.MapGet("/applications/{applicationId}", DetailAsync)
            .WithName("GetApplicationForReview")
            .WithSummary("The whole application with read links to its documents; answers its ETag, which decisions send back as If-Match. The access is audited.");
        api.MapPost("/applications/{applicationId}/approve", ApproveAsync)
            .WithName("ApproveApplication")
            .WithSummary("审核通过 (If-Match required): the application becomes eligible; siblingConfirmed says whether the school confirmed an older child at the school (长幼随学).");
        api.MapPost("/applications/{applicationId}/return", ReturnAsync)
            .WithName("ReturnApplication")
            .WithSummary("退回补充 (If-Match required): name the fields and documents to correct, a message and a deadline.");
        api.MapPost("/applications/{applicationId}/reject", RejectAsync)
            .WithName("RejectApplication")
            .WithSummary("审核不通过 (If-Match required): a reason from the list and the school's words, both shown to the guardian.");
        return api;
    }

    public static async Task<Results<Ok<SchoolSummaryView>, ProblemHttpResult>> SummaryAsync(string schoolId, SignedInStaff staff, Reviews reviews, CancellationToken cancellationToken) =>
        await reviews.SummaryAsync(staff, schoolId, cancellationToken) is ReviewOutcome<SchoolSummary>.Done done
            ? TypedResults.Ok(SchoolSummaryView.From(done.Value))
            : SchoolNotFound();

    public static async Task<Results<Ok<QueuePageView>, ValidationProblem, ProblemHttpResult>> QueueAsync(
        string schoolId, [FromQuery] string? queue, [FromQuery] string? search, [FromQuery] int? pageSize, [FromQuery] string? continuationToken,
        SignedInStaff staff, Reviews reviews, CancellationToken cancellationToken)
    {
        Queue? parsed = null;
        if (!string.IsNullOrEmpty(queue))
        {
            if (!Enum.TryParse<Queue>(queue, ignoreCase: true, out var q) || !Enum.IsDefined(q) || char.IsAsciiDigit(queue[0]))
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["queue"] = ["请选择列表：new、checking、returned、eligible 或 rejected。"] });
            }

            parsed = q;
        }

        return await reviews.QueueAsync(staff, schoolId, parsed, search, pageSize ?? 20, continuationToken, cancellationToken) switch
        {
            ReviewOutcome<QueuePage>.Done done => TypedResults.Ok(new QueuePageView(done.Value.Items.Select(QueueItemView.From).ToList(), done.Value.ContinuationToken)),
            ReviewOutcome<QueuePage>.Invalid invalid => Problems.Invalid(invalid.Errors),
            _ => SchoolNotFound(),
        };
    }

    public static async Task<Results<Ok<ReviewDetailView>, ProblemHttpResult>> DetailAsync(
        string schoolId, string applicationId, SignedInStaff staff, HttpContext context, Reviews reviews, CancellationToken cancellationToken)
    {
        if (await reviews.DetailAsync(staff, schoolId, applicationId, cancellationToken) is not ReviewOutcome<ApplicationDetail>.Done done)
        {
            return Problems.NotFound();
        }

        context.Response.Headers.ETag = EntityTags.ToHeader(done.Value.ETag);
        return TypedResults.Ok(ReviewDetailView.From(done.Value));
    }

    public static Task<Results<Ok<ReviewDetailView>, ValidationProblem, ProblemHttpResult>> ApproveAsync(
        string schoolId, string applicationId, ApproveRequest? request, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, Reviews reviews, CancellationToken cancellationToken) =>
        DecidedAsync(context, ifMatch, etag => reviews.ApproveAsync(staff, schoolId, applicationId, etag, request?.SiblingConfirmed, cancellationToken));

    public static Task<Results<Ok<ReviewDetailView>, ValidationProblem, ProblemHttpResult>> ReturnAsync(
        string schoolId, string applicationId, ReturnRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, Reviews reviews, CancellationToken cancellationToken) =>
        DecidedAsync(context, ifMatch, etag => reviews.ReturnAsync(staff, schoolId, applicationId, etag,
            request.Fields ?? [], request.Documents ?? [], request.Message, request.Deadline, cancellationToken));

    public static Task<Results<Ok<ReviewDetailView>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        string schoolId, string applicationId, RejectRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, Reviews reviews, CancellationToken cancellationToken) =>
        DecidedAsync(context, ifMatch, etag => reviews.RejectAsync(staff, schoolId, applicationId, etag, request.Reason, request.Text, cancellationToken));

    public static async Task<Results<Ok<BulkApprovalView>, ProblemHttpResult>> BulkApproveAsync(string schoolId, SignedInStaff staff, Reviews reviews, CancellationToken cancellationToken) =>
        await reviews.BulkApproveAsync(staff, schoolId, cancellationToken) switch
        {
            ReviewOutcome<BulkApproval>.Done done => TypedResults.Ok(new BulkApprovalView(done.Value.Approved, done.Value.Skipped)),
            ReviewOutcome<BulkApproval>.Forbidden => MayNotDecide(),
            _ => SchoolNotFound(),
        };

    /// <summary>A decision answers the application as it now stands, with its new ETag.</summary>
    private static async Task<Results<Ok<ReviewDetailView>, ValidationProblem, ProblemHttpResult>> DecidedAsync(
        HttpContext context, string? ifMatch, Func<string, Task<ReviewOutcome<Versioned<Application>>>> decide)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.IfMatchRequired("请先打开这份报名再处理",
                "处理前需要先查看这份报名的最新内容，请刷新后再操作。");
        }

        switch (await decide(EntityTags.FromHeader(ifMatch)))
        {
            case ReviewOutcome<Versioned<Application>>.Done done:
                context.Response.Headers.ETag = EntityTags.ToHeader(done.Value.ETag);
                return TypedResults.Ok(ReviewDetailView.From(new ApplicationDetail(done.Value.Value, [], done.Value.ETag)));
            case ReviewOutcome<Versioned<Application>>.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            case ReviewOutcome<Versioned<Application>>.Changed:
                return Problems.Changed("这份报名刚刚被其他人处理过，请刷新后再看",
                    "您打开之后，这份报名已被其他审核人员处理或被家长修改，您的操作没有保存。请刷新，看到最新状态后再决定。");
            case ReviewOutcome<Versioned<Application>>.NotAllowed refused:
                return Problems.Problem(StatusCodes.Status409Conflict, "decision-not-allowed", "不能这样处理", refused.Reason);
            case ReviewOutcome<Versioned<Application>>.Forbidden:
                return MayNotDecide();
            default:
                return Problems.NotFound();
        }
    }

    private static ProblemHttpResult MayNotDecide() => Problems.Problem(StatusCodes.Status403Forbidden, "review-not-allowed", "没有审核权限",
        "您的账号只能查看报名，不能审核。如需审核，请联系教育局管理员调整账号权限。");

    private static ProblemHttpResult SchoolNotFound() => Problems.Problem(StatusCodes.Status404NotFound, "school-not-found", "没有找到这所学校",
        "您的账号不负责这所学校的审核，或学校编号有误。请从审核首页进入。");
}
