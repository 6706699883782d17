using Enrollment.Core.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Staff;

/// <summary>The county's audit log, for its auditors and bureau officers: read and filter, never change.</summary>
public static class AuditApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/staff/counties/{countyId}/audit", ReadAsync)
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Staff")
            .WithName("ReadAuditLog")
            .WithSummary("The county's audit log, newest first, filtered by actor, action, object and time; page on with the continuation token.");
        return app;
    }

    public static async Task<Results<Ok<AuditPageView>, ProblemHttpResult>> ReadAsync(
        string countyId,
        [FromQuery] string? actor,
        [FromQuery] string? action,
        [FromQuery(Name = "object")] string? objectId,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? until,
        [FromQuery] int? pageSize,
        [FromHeader(Name = "X-Continuation")] string? continuation,
        HttpContext context,
        IAuditLog audit,
        Core.Counties.CountyConfiguration configuration,
        CancellationToken cancellationToken)
    {
        // Someone else's county is not there, as far as this caller can tell.
        if (!context.Staff().CanAudit(countyId))
        {
            return Problems.Problems.NotFound();
        }

        if (pageSize is < 1 or > MaxPageSize || (from is not null && until is not null && from >= until))
        {
            return Problems.Problems.Problem(StatusCodes.Status400BadRequest, "invalid-query", "查询条件有误",
                $"每页条数应在 1 至 {MaxPageSize} 之间，开始时间应早于结束时间。");
        }

        await configuration.CompletePendingAuditAsync(countyId, cancellationToken);
        var page = await audit.ReadAsync(countyId, new AuditQuery(Blank(actor), Blank(action), Blank(objectId), from, until), pageSize ?? 50, Blank(continuation), cancellationToken);
        return page is null
            ? Problems.Problems.Problem(StatusCodes.Status400BadRequest, "invalid-continuation", "翻页标记无效", "请从第一页重新查询。")
            : TypedResults.Ok(new AuditPageView(page.Entries, page.ContinuationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A page of the log; send <see cref="Continuation"/> back in the X-Continuation header for the next one.</summary>
public sealed record AuditPageView(IReadOnlyList<AuditEntry> Entries, string? Continuation);
