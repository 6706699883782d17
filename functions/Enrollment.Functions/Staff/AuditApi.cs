using Enrollment.Core.Audit;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Staff;

/// <summary>The county's audit log, for its auditors and bureau officers: read and filter, never change.</summary>
public static class AuditApi
{
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
        SignedInStaff staff,
        AuditTrail trail,
        CancellationToken cancellationToken) =>
        Answer(await trail.ReadAsync(staff, countyId, new AuditQuery(Blank(actor), Blank(action), Blank(objectId), from, until), pageSize ?? 50, Blank(continuation), cancellationToken));

    /// <summary>Someone else's county is not there, as far as the caller can tell.</summary>
    public static Results<Ok<AuditPageView>, ProblemHttpResult> Answer(AuditReadOutcome outcome) => outcome switch
    {
        AuditReadOutcome.Read read => TypedResults.Ok(new AuditPageView(read.Page.Entries, read.Page.ContinuationToken)),
        AuditReadOutcome.InvalidQuery => Problems.InvalidQuery($"每页条数应在 1 至 {AuditTrail.MaxPageSize} 之间，开始时间应早于结束时间。"),
        AuditReadOutcome.InvalidContinuation => Problems.InvalidContinuation(),
        _ => Problems.NotFound("没有找到该县区", "请确认县区编号；只能查看本人所属县区的审计日志。"),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A page of the log; send <see cref="Continuation"/> back in the X-Continuation header for the next one.</summary>
public sealed record AuditPageView(IReadOnlyList<AuditEntry> Entries, string? Continuation);
