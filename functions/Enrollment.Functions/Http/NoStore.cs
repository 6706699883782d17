namespace Enrollment.Functions.Http;

/// <summary>
/// A family's or a school's data is never kept by a browser, a WeChat web view or a proxy: every answer under
/// <c>/api/parent</c> and <c>/api/staff</c> says <c>Cache-Control: no-store</c> unless it set its own. So a status page
/// shown again reads the decision made meanwhile, and a phone passed to someone else holds nothing to show them.
/// </summary>
public static class NoStore
{
    public static IApplicationBuilder UseNoStoreForPersonalData(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api/parent") || context.Request.Path.StartsWithSegments("/api/staff"))
        {
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
        }

        return next(context);
    });
}
