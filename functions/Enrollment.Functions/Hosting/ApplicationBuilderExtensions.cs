using Enrollment.Functions.Appeals;
using Enrollment.Functions.Bureau;
using Enrollment.Functions.Parents;
using Enrollment.Functions.Public;
using Enrollment.Functions.Schools;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Rewrite;

namespace Enrollment.Functions.Hosting;

public static class ApplicationBuilderExtensions
{
    public static WebApplication UseEnrollment(this WebApplication app)
    {
        app.UseClientAddressFromPlatform();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRewriter(new RewriteOptions().AddRewrite("^status$", "status.html", skipRemainingRules: true));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi("/openapi/{documentName}.json");
        // Liveness: the process answers (the platform replaces an instance that does not). Readiness: both
        // stores answer too; a storage outage must not make the platform recycle every instance.
        app.MapHealthChecks("/api/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/api/health/ready", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapParentSignInApi(app.Configuration.GetValue<bool>($"{ParentSignInOptions.Section}:{nameof(ParentSignInOptions.DevelopmentEnabled)}"));
        app.MapWeChatSignInApi();
        app.MapGovernmentSignInApi();
        app.MapParentsApi();
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
        app.MapBureauConfigurationApi();
        app.MapProvincialApi();
        app.MapLotteryApi();
        app.MapTimerInvocations();
        return app;
    }
}
