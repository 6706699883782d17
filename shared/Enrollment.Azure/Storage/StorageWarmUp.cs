using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Enrollment.Azure.Storage;

/// <summary>
/// Opens the connections to both stores while the app starts, beside the rest of the start rather than after it:
/// the first request (the platform's readiness probe, the first parent of the morning) then finds the TLS
/// handshakes and the Cosmos DB account's metadata done. A store that does not answer is the readiness check's to report.
/// </summary>
public sealed class StorageWarmUp(IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start path: the host goes on starting while the stores are reached.
        await Task.Yield();
        await ActivatorUtilities.CreateInstance<StorageHealthCheck>(services).CheckHealthAsync(new HealthCheckContext(), stoppingToken);
    }
}
