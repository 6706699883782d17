using Enrollment.Core.Review;
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
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<UnplacedChild>>, ProblemHttpResult>> UnplacedChildrenAsync(
        string countyId, HttpContext context, Placements placements, CancellationToken cancellationToken) =>
        await placements.UnplacedAsync(context.Staff(), countyId, cancellationToken) is { } children
            ? TypedResults.Ok(children)
            : Problems.Problems.NotFound();

    public static async Task<Results<Ok<LedgerEntry[]>, ProblemHttpResult>> LedgerAsync(
        string countyId, [FromQuery] SpecialGroup? group, HttpContext context, SpecialGroups ledgers, CancellationToken cancellationToken) =>
        await ledgers.LedgerAsync(context.Staff(), countyId, group, unplacedOnly: false, cancellationToken) is { } entries
            ? TypedResults.Ok(entries.ToArray())
            : Problems.Problems.NotFound();

    public static async Task<Results<Ok<LedgerEntry[]>, ProblemHttpResult>> UnplacedAsync(
        string countyId, HttpContext context, SpecialGroups ledgers, CancellationToken cancellationToken) =>
        await ledgers.LedgerAsync(context.Staff(), countyId, group: null, unplacedOnly: true, cancellationToken) is { } entries
            ? TypedResults.Ok(entries.ToArray())
            : Problems.Problems.NotFound();
}
