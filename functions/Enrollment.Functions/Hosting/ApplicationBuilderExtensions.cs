using Enrollment.Functions.Parents;
using Enrollment.Functions.Public;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Rewrite;

namespace Enrollment.Functions.Hosting;

public static class ApplicationBuilderExtensions
{
    public static WebApplication UseEnrollment(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRewriter(new RewriteOptions().AddRewrite("^status$", "status.html", skipRemainingRules: true));
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/api/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapParentsApi();
        app.MapPublicApi();
        app.MapGet("/api/public/config", (Microsoft.Extensions.Options.IOptions<EnrollmentOptions> options) =>
                TypedResults.Ok(new { defaultCountyId = options.Value.DefaultCountyId }))
            .WithTags("Public").WithName("GetPageConfig").WithSummary("What the entry page needs to start: the default county.");
        app.MapTimerInvocations();
        return app;
    }
}
