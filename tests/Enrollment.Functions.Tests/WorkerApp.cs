using System.Net;
using System.Reflection;
using Enrollment.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Tests;

/// <summary>
/// The app as the Functions host runs it: the worker's own host, built by the same code the worker entry point
/// runs, over the settings, database, keys and clock of a standalone <see cref="EnrollmentApp"/>. It is never
/// started (starting connects to the host's gRPC channel); its functions are invoked as the worker invokes them.
/// </summary>
public sealed class WorkerApp : IAsyncDisposable
{
    public WorkerApp(EnrollmentApp standalone, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = FunctionsWorker.CreateBuilder([], b =>
        {
            // Every registration must be constructible, with no scoped service taken by a singleton.
            b.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
            b.Environment.EnvironmentName = "Testing";
            // Under the host the entry assembly is the app's; here it would be the test runner's.
            b.Environment.ApplicationName = typeof(HttpFunctions).Assembly.GetName().Name!;
            b.Configuration.AddInMemoryCollection(standalone.Settings);
            // What the host passes on the command line; nothing connects to it, since the worker is never started.
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
                ["Functions:Worker:WorkerId"] = Guid.NewGuid().ToString(),
                ["Functions:Worker:RequestId"] = Guid.NewGuid().ToString(),
                ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
            });
            b.Configuration.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(standalone.Time));
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(standalone.Logs);
        Host = builder.Build();
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public ValueTask DisposeAsync()
    {
        Host.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Calls an HTTP function's method with the context the worker hands it, for a request a client at
    /// <paramref name="client"/> sent to the host (a relative URI is on http://localhost, as the test server's).
    /// The host's proxy forwards it from loopback and replaces any X-Forwarded-* the client sent with what it saw
    /// itself (measured under the real host); the worker's forwarded-headers middleware has applied those, the
    /// function's own endpoint and route values are set, and request services come from a scope. The function's
    /// result is then executed as the worker executes it.
    /// </summary>
    public async Task<HttpResponseMessage> InvokeAsync(string function, HttpRequestMessage request, string client = "127.0.0.1")
    {
        var method = typeof(HttpFunctions).GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == function);
        var trigger = method.GetParameters().Single().GetCustomAttribute<HttpTriggerAttribute>()!;
        await using var scope = Services.CreateAsyncScope();
        var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(new Uri("http://localhost"), request.RequestUri);

        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Method = request.Method.Method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 5555);
        context.Request.Path = uri.AbsolutePath;
        context.Request.QueryString = new QueryString(uri.Query);
        foreach (var header in request.Headers.Where(h => !h.Key.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)))
        {
            context.Request.Headers[header.Key] = header.Value.ToArray();
        }

        context.Request.Headers["X-Forwarded-For"] = client;
        context.Request.Headers["X-Forwarded-Host"] = uri.Authority;
        context.Request.Headers["X-Forwarded-Proto"] = uri.Scheme;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                context.Request.Headers[header.Key] = header.Value.ToArray();
            }

            var body = await request.Content.ReadAsByteArrayAsync();
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
            // Kestrel says whether a request has a body; minimal APIs read none without it.
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new HasBody(body.Length > 0));
        }

        var response = new MemoryStream();
        context.Response.Body = response;

        // What the worker's fixed pipeline does before the function runs: forwarded headers, then routing to the function.
        await new ForwardedHeadersMiddleware(_ => Task.CompletedTask, Services.GetRequiredService<ILoggerFactory>(), Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>()).Invoke(context);
        var pattern = RoutePatternFactory.Parse(trigger.Route!);
        var values = new RouteValueDictionary();
        Assert.True(new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(trigger.Route!), new RouteValueDictionary()).TryMatch(context.Request.Path, values),
            $"{function} does not serve {context.Request.Path}");
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, pattern, 0, new EndpointMetadataCollection(new HttpMethodMetadata(trigger.Methods ?? [])), function));
        context.Request.RouteValues = values;

        var functions = ActivatorUtilities.CreateInstance<HttpFunctions>(scope.ServiceProvider);
        var result = await (Task<IResult>)method.Invoke(functions, [context.Request])!;
        await result.ExecuteAsync(context);
        await context.Response.CompleteAsync();

        var message = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode) { Content = new ByteArrayContent(response.ToArray()) };
        foreach (var header in context.Response.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        return message;
    }

    private sealed record HasBody(bool CanHaveBody) : Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature;
}
