using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrollment.Functions.Hosting;

/// <summary>
/// The Azure Functions custom handler contract: where to listen, and the timer invocations the
/// host sends as <c>POST /{FunctionName}</c> with <c>{Data, Metadata}</c>.
/// </summary>
public static class CustomHandler
{
    /// <summary>Set by the Functions host when it starts us; absent when we run standalone.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string StandaloneUrl = "http://127.0.0.1:7071";

    public sealed record Invocation(
        [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
        [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

    public sealed record InvocationResult(
        [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
        [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
        [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

    public static bool IsHosted(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[PortVariable]);

    /// <summary>Under the host: loopback on the port it gave us. Standalone: Core Tools' usual port unless --urls says otherwise.</summary>
    public static void ConfigureListener(WebApplicationBuilder builder)
    {
        if (builder.Configuration[PortVariable] is { Length: > 0 } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(StandaloneUrl);
        }
    }

    public static IEndpointRouteBuilder MapTimerInvocations(this IEndpointRouteBuilder app)
    {
        foreach (var name in TimerFunctions.Names)
        {
            app.MapPost($"/{name}", (HttpContext context, Invocation invocation, TimerFunctions timers, IConfiguration configuration, CancellationToken ct) =>
                    InvokeAsync(name, context, invocation, timers, configuration, ct))
                .ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<IResult> InvokeAsync(string name, HttpContext context, Invocation invocation, TimerFunctions timers, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!IsFromHost(context, configuration))
        {
            return TypedResults.NotFound();
        }

        var timer = invocation.Data?.Values.FirstOrDefault() is { ValueKind: JsonValueKind.Object } element
            ? element.Deserialize<TimerInfo>() ?? new TimerInfo(null, false)
            : new TimerInfo(null, false);
        var log = await timers.InvokeAsync(name, timer, cancellationToken);
        return TypedResults.Json(new InvocationResult([], [log], null));
    }

    /// <summary>
    /// Timer paths share the listener with the proxied HTTP function, so a request from the internet
    /// to /StartReview would reach us too. The host's own invocations come over loopback, carry its
    /// invocation id, and lack the headers the platform's front ends add to every outside request
    /// (X-Forwarded-For is renamed X-Original-For once the client's address is taken from it).
    /// Standalone there is no host: the scheduler calls the timers directly and these paths stay shut.
    /// </summary>
    internal static bool IsFromHost(HttpContext context, IConfiguration configuration)
    {
        var request = context.Request;
        var remote = context.Connection.RemoteIpAddress;
        return IsHosted(configuration)
            && (remote is null || IPAddress.IsLoopback(remote))
            && request.Headers.ContainsKey("X-Azure-Functions-InvocationId")
            && !OutsideRequestHeaders.Any(request.Headers.ContainsKey);
    }

    private static readonly string[] OutsideRequestHeaders = ["X-Forwarded-For", "X-Original-For", "X-Original-URL", "X-ARR-LOG-ID", "DISGUISED-HOST", "X-Forwarded-Host"];
}
