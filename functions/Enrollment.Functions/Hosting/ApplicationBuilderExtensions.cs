using Enrollment.Functions.Appeals;
using Enrollment.Functions.Bureau;
using Enrollment.Functions.Http;
using Enrollment.Functions.Parents;
using Enrollment.Functions.Public;
using Enrollment.Functions.Schools;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Rewrite;

namespace Enrollment.Functions.Hosting;

public static class ApplicationBuilderExtensions
{
    /// <summary>The one HTTP pipeline of both entry modes: the standalone app's own, and what each HTTP function runs.</summary>
    public static IApplicationBuilder UseEnrollment(this IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePathIdCheck();
        app.UseNoStoreForPersonalData();
        app.UseRewriter(new RewriteOptions().AddRewrite("^status$", "status.html", skipRemainingRules: true));
        app.UsePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseEndpoints(endpoints => endpoints.MapEnrollment());
        return app;
    }

    private static void MapEnrollment(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        app.MapOpenApi("/openapi/{documentName}.json");
        // Liveness: the process answers (the platform replaces an instance that does not). Readiness: both
        // stores answer too; a storage outage must not make the platform recycle every instance.
        app.MapHealthChecks("/api/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/api/health/ready", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapParentSignInApi(configuration.GetValue<bool>($"{ParentSignInOptions.Section}:{nameof(ParentSignInOptions.DevelopmentEnabled)}"));
        app.MapWeChatSignInApi();
        app.MapGovernmentSignInApi();
        app.MapParentsApi();
        app.MapReceiptsApi();
        app.MapCorrectionFormApi();
        app.MapDraftsApi();
        app.MapUploadsApi();
        app.MapPublicApi();
        app.MapPublicInformationApi();
        app.MapStaffSignInApi();
        app.MapAuditApi();
        app.MapStaffAccountsApi();
        app.MapDashboardApi();
        app.MapSpecialGroupsApi();
        app.MapAppealsApi();
        app.MapAssistedRegistrationApi();
        app.MapReviewApi();
        app.MapAdmissionApi();
        app.MapOnboardingApi();
        app.MapBureauConfigurationApi();
        app.MapPublicTextsApi();
        app.MapAnnouncementsApi();
        app.MapRehearsalApi();
        app.MapProvincialApi();
        app.MapLotteryApi();
    }
}
