using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Enrollment.Functions.Hosting;

/// <summary>The health answer: overall status and each store's, nothing more (no endpoints, no errors).</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), data = e.Value.Data }),
        });
}
