using Azure.Monitor.OpenTelemetry.AspNetCore;
using Enrollment.Azure.Storage;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Enrollment.Functions.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs to Application Insights when the deployment names one: requests,
/// storage dependencies (Cosmos DB and Blob calls, and the storage request counter), timer runs. Logs carry
/// no personal data (every test run scans them). Locally nothing is collected or exported.
/// </summary>
public static class Telemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The user-assigned identity the deployment gives the app, which sends telemetry with local auth off.</summary>
    public const string ClientIdSetting = "AZURE_CLIENT_ID";

    public static IHostApplicationBuilder AddEnrollmentTelemetry(this IHostApplicationBuilder builder, EntryMode mode)
    {
        if (string.IsNullOrEmpty(builder.Configuration[ConnectionStringSetting]))
        {
            return builder;
        }

        var clientId = builder.Configuration[ClientIdSetting];
        var telemetry = builder.Services.AddOpenTelemetry();
        if (mode == EntryMode.FunctionsHost)
        {
            // The worker reports requests and its function invocations itself, and tells the host not to report
            // them again on its behalf: each request is counted once, under its function's name.
            telemetry.UseFunctionsWorkerDefaults();
        }

        telemetry
            .UseAzureMonitor(o => o.Credential = IdentityConnection.ManagedIdentity(clientId))
            .WithMetrics(metrics => metrics.AddMeter(StorageMetrics.MeterName, TimerRuns.TelemetryName))
            .WithTracing(tracing => tracing.AddSource(TimerRuns.TelemetryName, "Azure.Cosmos.Operation"));
        return builder;
    }
}
