using Enrollment.Core.Rehearsals;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Bureau;

/// <summary>演练: the county's officers run a rehearsal of the opening day on a practice copy, read its report and wipe it.</summary>
public static class RehearsalApi
{
    public static RouteGroupBuilder MapRehearsalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/counties/{countyId}/rehearsal")
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Bureau");
        api.MapPost("/", RunAsync).WithName("RunRehearsal")
            .WithSummary("Runs a rehearsal with this many synthetic children (10–1000) on a practice copy of the county, through every step against fakes, and answers its report.");
        api.MapGet("/", ReportAsync).WithName("GetRehearsalReport")
            .WithSummary("The last rehearsal's report: counts, time and slowest operation per step, and every error.");
        api.MapDelete("/", WipeAsync).WithName("WipeRehearsal")
            .WithSummary("Deletes everything the rehearsal stored; nothing of the county's own is touched.");
        return api;
    }

    public static async Task<Results<Ok<RehearsalReport>, ValidationProblem, ProblemHttpResult>> RunAsync(
        string countyId, RehearsalBody body, SignedInStaff staff, Rehearsals rehearsals, CancellationToken cancellationToken) =>
        await rehearsals.RunAsync(staff, countyId, body.Children, cancellationToken) switch
        {
            RehearsalOutcome.Done done => TypedResults.Ok(done.Report),
            RehearsalOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            RehearsalOutcome.StillStored => Problems.Problem(StatusCodes.Status409Conflict, "rehearsal-stored", "上一次演练还没有清除",
                "请先查看上一次演练的报告并清除演练数据，再开始新的演练。"),
            var other => Refused(other),
        };

    public static async Task<Results<Ok<RehearsalReport>, ProblemHttpResult>> ReportAsync(
        string countyId, SignedInStaff staff, Rehearsals rehearsals, CancellationToken cancellationToken) =>
        await rehearsals.ReportAsync(staff, countyId, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : Problems.NotFound("没有演练报告", "本县目前没有演练数据：演练报告在清除演练时一并删除。");

    public static async Task<Results<NoContent, ProblemHttpResult>> WipeAsync(
        string countyId, SignedInStaff staff, Rehearsals rehearsals, CancellationToken cancellationToken) =>
        await rehearsals.WipeAsync(staff, countyId, cancellationToken) switch
        {
            RehearsalOutcome.Wiped => TypedResults.NoContent(),
            RehearsalOutcome.NotFound => Problems.NotFound("没有演练数据", "本县目前没有需要清除的演练数据。"),
            var other => Refused(other),
        };

    private static ProblemHttpResult Refused(RehearsalOutcome outcome) => outcome is RehearsalOutcome.ReadOnly
        ? Problems.ReadOnly("没有演练权限", "只有本县教育局招生工作人员可以进行和清除演练，您可以查看演练报告。")
        : Problems.NotFound();
}

/// <param name="Children">How many synthetic children register (twins count as two).</param>
public sealed record RehearsalBody(int? Children);
