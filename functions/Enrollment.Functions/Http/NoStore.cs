namespace Enrollment.Functions.Http;

/// <summary>
/// A family's or a school's data is never kept by a browser, a WeChat web view or a proxy: every answer under
/// <c>/api/parent</c> and <c>/api/staff</c> says <c>Cache-Control: no-store</c> unless its endpoint set another. So a status page
/// shown again reads the decision made meanwhile, and a phone passed to someone else holds nothing to show them.
/// </summary>
public static class NoStore
{
    public static IApplicationBuilder UseNoStoreForPersonalData(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set before the endpoint runs (one that wants another policy replaces it), not when the response starts: under
        // the Functions host the answer is handed to the host without the starting callbacks a server would run.
        if (context.Request.Path.StartsWithSegments("/api/parent") || context.Request.Path.StartsWithSegments("/api/staff"))
        {
            context.Response.Headers.CacheControl = "no-store";
        }

        return next(context);
    });
}
