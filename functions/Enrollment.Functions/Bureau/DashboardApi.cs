using Enrollment.Core.Review;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Bureau;

public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/staff/counties/{countyId}/dashboard", GetAsync)
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Bureau")
            .WithName("GetDashboard")
            .WithSummary("Per school and stage: places, classes and how many applications stand in each state, live.");
        app.MapGet("/api/staff/counties/{countyId}/statistics", StatisticsAsync)
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Bureau")
            .WithName("GetYearStatistics")
            .WithSummary("年度统计: per school, applied, eligible, admitted and checked in, the admitted by residence basis and special group, and the share of migrant children in public schools; format=csv or xlsx for a file.");
        return app;
    }

    public static async Task<Results<Ok<YearStatistics>, FileContentHttpResult, ProblemHttpResult>> StatisticsAsync(
        string countyId, string? format, int? year, SignedInStaff staff, YearStatisticsReport report, CancellationToken cancellationToken)
    {
        var sheet = format is null ? null : AdmittedListSheets.Find(format);
        if (format is not null && sheet is null)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "invalid-format", "导出格式有误", $"请选择 {AdmittedListSheets.Csv} 或 {AdmittedListSheets.Xlsx} 格式，或不填以查看。");
        }

        if (await report.BuildAsync(staff, countyId, year, cancellationToken) is not { } statistics)
        {
            return Problems.NotFound();
        }

        if (sheet is null)
        {
            return TypedResults.Ok(statistics);
        }

        var (headers, rows) = YearStatisticsReport.Table(statistics);
        var bytes = sheet.Format == AdmittedListSheets.Csv ? AdmittedListSheets.WriteCsv(headers, rows) : AdmittedListSheets.WriteXlsx(headers, "年度统计", rows);
        return TypedResults.File(bytes, sheet.ContentType, $"{statistics.CountyId}-年度统计-{statistics.EnrollmentYear}.{sheet.Format}");
    }

    public static async Task<Results<Ok<DashboardView>, ProblemHttpResult>> GetAsync(string countyId, SignedInStaff staff, Dashboard dashboard, CancellationToken cancellationToken) =>
        await dashboard.GetAsync(staff, countyId, cancellationToken) is { } view ? TypedResults.Ok(view) : Problems.NotFound();
}
