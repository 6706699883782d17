using Enrollment.Core.Provincial;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Bureau;

/// <summary>
/// The bureau's view of the data exchange with the provincial platform (the last reconciliation report),
/// and the admitted list per school for student-record (学籍) registration, as CSV or XLSX.
/// </summary>
public static class ProvincialApi
{
    public static IEndpointRouteBuilder MapProvincialApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff/counties/{countyId}")
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Staff");

        staff.MapGet("/provincial/report", ReadReportAsync)
            .WithName("ReadProvincialReport")
            .WithSummary("The last reconciliation with the provincial platform: per school and kind, what we hold, what the province holds, and the ids missing on either side.");

        staff.MapGet("/schools/{schoolId}/admitted-list", ExportAdmittedListAsync)
            .WithName("ExportAdmittedList")
            .WithSummary("The school's admitted children in the student-record field order, as CSV (UTF-8 with BOM) or XLSX; audited.");
        return app;
    }

    public static async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> ReadReportAsync(
        string countyId, SignedInStaff staff, IProvincialSyncStore store, CancellationToken cancellationToken)
    {
        // Someone else's county is not there, as far as this caller can tell.
        if (!staff.Account.CanAudit(countyId))
        {
            return Problems.NotFound();
        }

        return await store.GetReportAsync(countyId, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : Problems.Problem(StatusCodes.Status404NotFound, "no-provincial-report", "还没有对账结果",
                "与省级招生平台的数据同步每10分钟运行一次，第一次运行后即可查看对账结果。");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAdmittedListAsync(
        string countyId,
        string schoolId,
        [FromQuery] string? format,
        [FromQuery] int? year,
        SignedInStaff staff,
        AdmittedLists lists,
        CancellationToken cancellationToken)
    {
        if (!staff.Account.CanRead(countyId, schoolId))
        {
            return Problems.NotFound();
        }

        if (!staff.Account.CanExport(countyId, schoolId))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "export-not-allowed", "没有导出权限",
                "录取名单只能由本校校长或教育局招生工作人员导出。");
        }

        var sheet = AdmittedListSheets.Find(format ?? AdmittedListSheets.Csv);
        if (sheet is null)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "invalid-format", "导出格式有误",
                $"请选择 {AdmittedListSheets.Csv} 或 {AdmittedListSheets.Xlsx} 格式。");
        }

        return await lists.ExportAsync(staff, countyId, schoolId, year, sheet.Format, cancellationToken) switch
        {
            AdmittedListOutcome.Found found => TypedResults.File(sheet.Write(found.Rows), sheet.ContentType, $"{found.School.Id}-录取名单-{found.County.EnrollmentYear}.{sheet.Format}"),
            _ => Problems.NotFound(),
        };
    }
}
