using System.Diagnostics;
using System.Text.Json;

namespace Enrollment.Functions.Tests;

/// <summary>
/// The real local storage emulators (Azurite and the Cosmos-compatible server), started once per
/// test run on free ports through the project's own script, and stopped by PID at the end.
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

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<LocalEmulators>
{
    public const string Name = "Local emulators";
}
