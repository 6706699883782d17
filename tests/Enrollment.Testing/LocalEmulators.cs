using System.Diagnostics;
using System.Text.Json;

namespace Enrollment.Testing;

/// <summary>
/// The real local storage emulators (Azurite and the Cosmos-compatible server), started on free ports
/// through the project's own script with a state directory of their own, and stopped by PID at the end:
/// once per test run as an xunit collection fixture, or by the load tool with <see cref="StartAsync"/>.
/// </summary>
public sealed class LocalEmulators : IAsyncLifetime
{
    private readonly string _stateDir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "enrollment-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private static readonly string Script = System.IO.Path.Combine(RepositoryRoot.Path, "infra", "local", "emulators.js");

    public int CosmosPort { get; private set; }

    public int BlobPort { get; private set; }

    public string CosmosEndpoint => $"https://127.0.0.1:{CosmosPort}/";

    public string BlobConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;";

    /// <summary>Started emulators, for a caller outside xunit; <c>await using</c> stops them.</summary>
    public static async Task<LocalEmulators> StartAsync()
    {
        var emulators = new LocalEmulators();
        await emulators.InitializeAsync();
        return emulators;
    }

    public async Task InitializeAsync()
    {
        if (!Directory.Exists(System.IO.Path.Combine(RepositoryRoot.Path, "infra", "local", "node_modules")))
        {
            await RunAsync("npm", $"ci --prefix \"{System.IO.Path.Combine(RepositoryRoot.Path, "infra", "local")}\" --no-audit --no-fund");
        }

        var output = await RunAsync("node", $"\"{Script}\" start --state-dir \"{_stateDir}\" --cosmos-port 0 --blob-port 0");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.TrimStart().StartsWith('{'));
        using var json = JsonDocument.Parse(line);
        CosmosPort = json.RootElement.GetProperty("cosmosPort").GetInt32();
        BlobPort = json.RootElement.GetProperty("blobPort").GetInt32();
    }

    public async Task DisposeAsync()
    {
        await RunAsync("node", $"\"{Script}\" stop --state-dir \"{_stateDir}\"");
        Directory.Delete(_stateDir, recursive: true);
    }

    /// <summary>A loopback port nobody listens on now, for an app or host a test or the load tool starts.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }

        return await stdout;
    }
}
