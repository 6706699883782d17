using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Bureau;

/// <summary>The platform's operator sets up a new county and its first bureau officer; nobody else reaches this.</summary>
public static class OnboardingApi
{
    public static IEndpointRouteBuilder MapOnboardingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/staff/platform/counties", CreateAsync).WithName("CreateCounty").WithTags("Platform")
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithSummary("A new county (id, name, divisionCode, stages, enrollmentYear), empty, and its first bureau officer, whose first password and authenticator secret the answer carries once.");
        return app;
    }

    public static async Task<Results<Created<NewCountyView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewCountyRequest request, SignedInStaff staff, Onboarding onboarding, TimeProvider time, CancellationToken cancellationToken) =>
        await onboarding.CreateAsync(staff, request, cancellationToken) switch
        {
            OnboardingOutcome.Created created => TypedResults.Created($"/api/staff/counties/{created.County.Id}/configuration",
                new NewCountyView(created.County.Id, created.County.Name, created.County.DivisionCode!, created.County.Stages!, created.County.EnrollmentYear,
                    new NewStaffAccountView(StaffAccountView.From(created.Officer, time.GetUtcNow()), created.Password, created.TotpSecret,
                        StaffSignIn.AuthenticatorUri("义务教育招生", created.Officer.Id, created.TotpSecret)),
                    $"/api/staff/counties/{created.County.Id}/configuration/import")),
            OnboardingOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            OnboardingOutcome.Exists exists => Problems.Problem(StatusCodes.Status409Conflict, "county-exists", "已经设立", exists.Message),
            _ => Problems.NotFound(),
        };
}

/// <summary>The new county and its first officer (shown once), and where the officer imports the schools next.</summary>
public sealed record NewCountyView(string Id, string Name, string DivisionCode, IReadOnlyList<Stage> Stages, int EnrollmentYear, NewStaffAccountView Officer, string ImportAt);
