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
        return app;
    }

    public static async Task<Results<Ok<DashboardView>, ProblemHttpResult>> GetAsync(string countyId, SignedInStaff staff, Dashboard dashboard, CancellationToken cancellationToken) =>
        await dashboard.GetAsync(staff, countyId, cancellationToken) is { } view ? TypedResults.Ok(view) : Problems.NotFound();
}
