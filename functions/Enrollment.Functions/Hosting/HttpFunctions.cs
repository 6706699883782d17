using Microsoft.Azure.Functions.Worker;

namespace Enrollment.Functions.Hosting;

/// <summary>
/// The HTTP triggers, one per audience so Application Insights counts invocations and failures for each. Every one
/// hands its request to the same <see cref="HttpPipeline"/>, so which function the host picks for a URL changes
/// only the name the request is counted under, never what it gets.
/// </summary>
public sealed class HttpFunctions(HttpPipeline pipeline)
{
    public const string CatchAll = "WebPages";

    [Function("Parents")]
    public Task<IResult> Parents([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "api/parent/{*path}")] HttpRequest request) =>
        pipeline.RunAsync(request.HttpContext);

    [Function("Schools")]
    public Task<IResult> Schools([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "api/staff/schools/{*path}")] HttpRequest request) =>
        pipeline.RunAsync(request.HttpContext);

    [Function("Bureau")]
    public Task<IResult> Bureau([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "api/staff/counties/{*path}")] HttpRequest request) =>
        pipeline.RunAsync(request.HttpContext);

    /// <summary>Staff sign-in, sign-out and the signed-in account, for reviewers and officers alike.</summary>
    [Function("Staff")]
    public Task<IResult> Staff([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "api/staff/{*path}")] HttpRequest request) =>
        pipeline.RunAsync(request.HttpContext);

    [Function("Public")]
    public Task<IResult> Public([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "api/public/{*path}")] HttpRequest request) =>
        pipeline.RunAsync(request.HttpContext);

    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/health/{*path}")] HttpRequest request) =>
        pipeline.RunAsync(request.HttpContext);

    /// <summary>
    /// The phone pages, the OpenAPI document, and anything else (an unknown path gets the app's own 404). The host
    /// tries function routes in the order of the functions' names and takes the first that matches, not the most
    /// specific (Azure/azure-functions-host#9876), so this catch-all's name must sort after every other's.
    /// </summary>
    [Function(CatchAll)]
    public Task<IResult> WebPages([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "{*path}")] HttpRequest request) =>
        pipeline.RunAsync(request.HttpContext);
}

/// <summary>
/// The app's whole HTTP pipeline (exception handling, pages, authentication, rate limits, endpoints) as one
/// request delegate. Standalone, Kestrel runs it as the app's own pipeline; under the Functions host, each HTTP
/// function runs it on the request the worker hands over, because the worker's ASP.NET Core pipeline is fixed
/// (forwarded headers, routing, the function endpoints) with no place for an app's middleware.
/// </summary>
public sealed class HttpPipeline
{
    private readonly RequestDelegate _app;

    public HttpPipeline(IServiceProvider services)
    {
        var app = new ApplicationBuilder(services);
        app.UseEnrollment();
        _app = app.Build();
    }

    public async Task<IResult> RunAsync(HttpContext context)
    {
        // The worker routed the request to the function's catch-all endpoint; our routing matches only when none is set.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        await _app(context);
        // The response is written; nothing more for the worker to send.
        return Results.Empty;
    }
}

/// <summary>
/// Under the Functions host the worker is up seconds before the host sends it the first request (the host is still
/// starting its triggers). Building the pipeline then and serving one request to itself, in process, moves the
/// first request's one-off cost (building the route table, the first compilations: about 1.5 s here) off the first
/// parent's request.
/// </summary>
public sealed class HttpPipelineWarmUp(IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = stoppingToken };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/api/health/live";
        context.Response.Body = Stream.Null;
        await services.GetRequiredService<HttpPipeline>().RunAsync(context);
    }
}

