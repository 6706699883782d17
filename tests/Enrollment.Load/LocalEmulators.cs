using System.Diagnostics;
using System.Text.Json;

namespace Enrollment.Load;

/// <summary>
/// The local emulators on free ports, started and stopped by the project's own script with a state
/// directory of this run's own (the API tests' fixture does the same under xunit).
/// </summary>
public sealed class LocalEmulators : IAsyncDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "enrollment-load-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _root;
    private readonly string _script;

    private LocalEmulators(string root)
    {
        _root = root;
        _script = Path.Combine(root, "infra", "local", "emulators.js");
    }

    public int CosmosPort { get; private set; }

    public int BlobPort { get; private set; }

    public string CosmosEndpoint => $"https://127.0.0.1:{CosmosPort}/";

    public string BlobConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;";

    public static async Task<LocalEmulators> StartAsync(string root)
    {
        var emulators = new LocalEmulators(root);
        var output = await RunAsync(root, "node", $"\"{emulators._script}\" start --state-dir \"{emulators._stateDir}\" --cosmos-port 0 --blob-port 0");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.TrimStart().StartsWith('{'));
        using var json = JsonDocument.Parse(line);
        emulators.CosmosPort = json.RootElement.GetProperty("cosmosPort").GetInt32();
        emulators.BlobPort = json.RootElement.GetProperty("blobPort").GetInt32();
        return emulators;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync(_root, "node", $"\"{_script}\" stop --state-dir \"{_stateDir}\"");
        Directory.Delete(_stateDir, recursive: true);
    }

    /// <summary>A loopback port nobody listens on now, for an app the tool starts.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository this tool runs from: the folder above it that holds Enrollment.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Enrollment.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the load tool from inside the repository.");
    }

    private static async Task<string> RunAsync(string root, string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
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
