using Enrollment.Core.Appeals;
using Enrollment.Functions.Http;
using Enrollment.Functions.Parents;
using Enrollment.Functions.Schools;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Appeals;

/// <summary>申诉和举报: guardians file and read theirs; the county's officers work the ledger, its auditors read it.</summary>
public static class AppealsApi
{
    /// <summary>The ledger of appeals and complaints that guardians file and the county's officers work.</summary>
    public static IServiceCollection AddAppeals(this IServiceCollection services) => services.AddSingleton<Core.Appeals.Appeals>();

    public static IEndpointRouteBuilder MapAppealsApi(this IEndpointRouteBuilder app)
    {
        var parents = app.MapGroup("/api/parent/appeals").WithTags("Parents").RequireAuthorization(ParentAuthenticationHandler.Policy);
        parents.MapPost("/", FileAsync).WithName("FileAppeal")
            .WithSummary("File an appeal against a decision on one of the guardian's applications, or a complaint, with an optional accepted upload.");
        parents.MapGet("/", MineAsync).WithName("ListMyAppeals")
            .WithSummary("The guardian's appeals and complaints with their state and the bureau's answer.");

        var ledger = app.MapGroup("/api/staff/counties/{countyId}/appeals").WithTags("Bureau").RequireAuthorization(StaffAuthenticationHandler.Policy);
        ledger.MapGet("/", LedgerAsync).WithName("ListAppeals")
            .WithSummary("The county's ledger of appeals and complaints, oldest deadline first; filter by state.");
        ledger.MapGet("/{appealId}", GetAsync).WithName("GetAppeal")
            .WithSummary("One appeal with its ETag, which working it sends back as If-Match.");
        ledger.MapPost("/{appealId}/work", WorkAsync).WithName("WorkAppeal")
            .WithSummary("Take it up (InProgress), answer it (Answered, with the answer the guardian reads) or close it; If-Match required.");
        return app;
    }

    public static async Task<Results<Created<AppealView>, ValidationProblem, ProblemHttpResult>> FileAsync(
        AppealRequest request, SignedInParent parent, Core.Appeals.Appeals appeals, CancellationToken cancellationToken)
    {
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["kind"] = ["请选择是申诉还是举报。"] });
        }

        var outcome = await appeals.FileAsync(parent.ParentId, request.CountyId, kind, request.ApplicationId, request.Text, request.UploadId, cancellationToken);
        return outcome switch
        {
            AppealOutcome.Done done => TypedResults.Created($"/api/parent/appeals", AppealView.From(done.Appeal)),
            AppealOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
        };
    }

    public static async Task<Ok<AppealView[]>> MineAsync(SignedInParent parent, Core.Appeals.Appeals appeals, CancellationToken cancellationToken) =>
        TypedResults.Ok((await appeals.MineAsync(parent.ParentId, cancellationToken)).Select(AppealView.From).ToArray());

    public static async Task<Results<Ok<AppealView[]>, ProblemHttpResult>> LedgerAsync(
        string countyId, [FromQuery] AppealState? state, SignedInStaff staff, Core.Appeals.Appeals appeals, CancellationToken cancellationToken) =>
        await appeals.LedgerAsync(staff, countyId, state, cancellationToken) is { } ledger
            ? TypedResults.Ok(ledger.Select(AppealView.From).ToArray())
            : Problems.NotFound();

    public static async Task<Results<Ok<AppealView>, ProblemHttpResult>> GetAsync(
        string countyId, string appealId, SignedInStaff staff, HttpContext context, Core.Appeals.Appeals appeals, CancellationToken cancellationToken)
    {
        if (await appeals.GetAsync(staff, countyId, appealId, cancellationToken) is not { } found)
        {
            return Problems.NotFound();
        }

        context.Response.Headers.ETag = EntityTags.ToHeader(found.ETag);
        return TypedResults.Ok(AppealView.From(found.Value));
    }

    public static async Task<Results<Ok<AppealView>, ValidationProblem, ProblemHttpResult>> WorkAsync(
        string countyId, string appealId, WorkRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        SignedInStaff staff, Core.Appeals.Appeals appeals, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            return Problems.IfMatchRequired("请先打开这件申诉", "办理前请先打开申诉详情，以免覆盖其他工作人员的办理结果。");
        }

        if (request.State is not { } next || !Enum.IsDefined(next))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["state"] = ["请选择办理结果：InProgress、Answered 或 Closed。"] });
        }

        var outcome = await appeals.WorkAsync(staff, countyId, appealId, EntityTags.FromHeader(ifMatch), next, request.Answer, request.Upheld == true, cancellationToken);
        return outcome switch
        {
            AppealOutcome.Done done => TypedResults.Ok(AppealView.From(done.Appeal)),
            AppealOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            AppealOutcome.Changed => Problems.Changed("这件申诉刚刚被其他人办理过", "请刷新后再看。"),
            AppealOutcome.NotAllowed refused => Problems.Problem(StatusCodes.Status403Forbidden, "appeal-not-allowed", "不能这样办理", refused.Reason),
            _ => Problems.NotFound(),
        };
    }
}

public sealed record AppealRequest(AppealKind? Kind, string? CountyId, string? ApplicationId, string? Text, string? UploadId);

/// <summary>The next state; an answer (with Answered), and whether the appeal is upheld, which reopens a rejected application.</summary>
public sealed record WorkRequest(AppealState? State, string? Answer, bool? Upheld = null);

/// <summary>What the guardian and the bureau see: no other guardian's identity, the answer once given.</summary>
public sealed record AppealView(string Id, string CountyId, AppealKind Kind, string? ApplicationId, string? SchoolId, string Text, bool HasDocument,
    AppealState State, DateTimeOffset ReceivedAt, DateTimeOffset Deadline, string? Answer, IReadOnlyList<AppealStep> Steps, bool Upheld)
{
    public static AppealView From(Appeal a) => new(a.Id, a.CountyId, a.Kind, a.ApplicationId, a.SchoolId, a.Text, a.UploadId is not null, a.State, a.ReceivedAt, a.Deadline, a.Answer, a.Steps, a.Upheld);
}
