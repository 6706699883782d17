using Enrollment.Core.Review;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Bureau;

/// <summary>台账: the special-group ledgers and the 应入尽入 report, for the county's officers and auditors.</summary>
public static class SpecialGroupsApi
{
    public static IEndpointRouteBuilder MapSpecialGroupsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/counties/{countyId}").WithTags("Bureau").RequireAuthorization(StaffAuthenticationHandler.Policy);
        api.MapGet("/ledgers", LedgerAsync).WithName("GetSpecialGroupLedger")
            .WithSummary("The county's children in a special group (LeftBehind, Orphan, DeFactoUnsupported, Disabled, FinancialHardship; all when omitted), names masked, with their state and placement.");
        api.MapGet("/ledgers/unplaced", UnplacedAsync).WithName("GetUnplacedReport")
            .WithSummary("应入尽入: every special-group child whose application is not admitted yet.");
        api.MapGet("/unplaced", UnplacedChildrenAsync).WithName("GetUnplacedChildren")
            .WithSummary("统筹安置: every child whose application ended without a place, with the public school of the family's catchment.");
        api.MapPost("/schools/{schoolId}/applications/{applicationId}/place", PlaceAsync).WithName("PlaceChild")
            .WithSummary("Places a child without a place at a public school of the same stage (toSchoolId): admitted there by the bureau; repeating it finishes it.");
        return app;
    }

    public static async Task<Results<Ok<UnplacedChild>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        string countyId, string schoolId, string applicationId, PlacementRequest request, SignedInStaff staff, Placements placements, CancellationToken cancellationToken) =>
        await placements.PlaceAsync(staff, countyId, schoolId, applicationId, request.ToSchoolId ?? "", cancellationToken) switch
        {
            PlacementOutcome.Placed placed => TypedResults.Ok(new UnplacedChild(placed.Application.Id, Core.Identity.PersonName.Mask(placed.Application.Child.Name),
                placed.Application.SchoolId, placed.Application.SchoolName, placed.Application.Status, null, null)),
            PlacementOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            PlacementOutcome.ReadOnly => Problems.ReadOnly("没有安置权限", "只有本县教育局招生工作人员可以统筹安置，您可以查看。"),
            PlacementOutcome.SchoolFull full => Problems.Problem(StatusCodes.Status409Conflict, "school-full", "该校学位已满",
                $"{full.SchoolName}招生计划 {full.Places} 人，已录取或待确认 {full.Taken} 人，不能再安置。请选择其他有空余学位的学校；确需增加学位，请先在招生配置中调整该校招生计划（会记入审计日志）。"),
            PlacementOutcome.PastYear past => Problems.PastYear(past.Year),
            PlacementOutcome.NotWithoutAPlace => Problems.Problem(StatusCodes.Status409Conflict, "not-unplaced", "不需要安置", "这份报名已经录取，或者还在办理中。"),
            _ => Problems.NotFound(),
        };

    public static async Task<Results<Ok<IReadOnlyList<UnplacedChild>>, ProblemHttpResult>> UnplacedChildrenAsync(
        string countyId, SignedInStaff staff, Placements placements, CancellationToken cancellationToken) =>
        await placements.UnplacedAsync(staff, countyId, cancellationToken) is { } children
            ? TypedResults.Ok(children)
            : Problems.NotFound();

    public static async Task<Results<Ok<LedgerEntry[]>, ProblemHttpResult>> LedgerAsync(
        string countyId, [FromQuery] SpecialGroup? group, SignedInStaff staff, SpecialGroups ledgers, CancellationToken cancellationToken) =>
        await ledgers.LedgerAsync(staff, countyId, group, unplacedOnly: false, cancellationToken) is { } entries
            ? TypedResults.Ok(entries.ToArray())
            : Problems.NotFound();

    public static async Task<Results<Ok<LedgerEntry[]>, ProblemHttpResult>> UnplacedAsync(
        string countyId, SignedInStaff staff, SpecialGroups ledgers, CancellationToken cancellationToken) =>
        await ledgers.LedgerAsync(staff, countyId, group: null, unplacedOnly: true, cancellationToken) is { } entries
            ? TypedResults.Ok(entries.ToArray())
            : Problems.NotFound();
}

public sealed record PlacementRequest(string? ToSchoolId);
