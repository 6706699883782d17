using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Enrollment.Load;

/// <summary>
/// Process start to the first 200 of <c>/api/health/ready</c> (both stores answered), for the built app started as
/// it runs: standalone (<c>dotnet Enrollment.Functions.dll</c> on Kestrel), and, where the Functions host built from
/// source sits beside the repository, as that host's isolated worker, which includes the host's own start.
/// </summary>
public static class ColdStart
{
    public sealed record Result(string Mode, IReadOnlyList<double> Seconds, string? NotMeasured)
    {
        public double Median => Seconds.Count == 0 ? double.NaN : Seconds.Order().ElementAt(Seconds.Count / 2);
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(LocalEmulators emulators, int runs)
    {
        var root = RepositoryRoot.Path;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var app = Path.Combine(root, "functions", "Enrollment.Functions", "bin", configuration, "net10.0");
        var settings = new Dictionary<string, string>
        {
            ["Storage__Cosmos__AccountEndpoint"] = emulators.CosmosEndpoint,
            ["Storage__CosmosDatabase"] = "cold-" + Guid.NewGuid().ToString("N")[..8],
            ["Storage__Blob__ConnectionString"] = emulators.BlobConnectionString,
            ["Security__SessionSigningKey"] = NewKey(),
            ["Security__IdentityHashKey"] = NewKey(),
            ["Security__DataEncryptionKey"] = NewKey(),
            ["Timers__RunStandalone"] = "false",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };

        // The stores exist before the first start, as in Azure.
        using (var setup = Start(settings, "dotnet", Path.Combine(app, "Enrollment.Functions.dll"), "setup"))
        {
            await setup.WaitForExitAsync();
        }

        var results = new List<Result> { await MeasureAsync("standalone", runs, port => Start(settings, "dotnet", Path.Combine(app, "Enrollment.Functions.dll"), "--urls", $"http://127.0.0.1:{port}")) };

        var host = Path.GetFullPath(Path.Combine(root, "..", "shared", "functions-host", "run.sh"));
        if (!File.Exists(host))
        {
            results.Add(new Result("under the Functions host", [], $"not measured: no Functions host at {host}"));
            return results;
        }

        var hosted = new Dictionary<string, string>(settings) { ["AzureWebJobsStorage"] = emulators.BlobConnectionString, ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production" };
        foreach (var timer in Functions.Hosting.TimerFunctions.All)
        {
            // A schedule that never comes round during the measurement.
            hosted[timer.ScheduleSetting.Replace(":", "__")] = "0 0 0 1 1 *";
        }

        results.Add(await MeasureAsync("under the Functions host (its own start included)", runs, port => Start(hosted, "bash", host, app, port.ToString(CultureInfo.InvariantCulture))));
        return results;
    }

    public static string ToMarkdown(IReadOnlyList<Result> results)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("| Cold start: process start to the first 200 of /api/health/ready | runs (s) | median | goal |");
        md.AppendLine("|---|---|---:|---|");
        foreach (var r in results)
        {
            md.AppendLine(c, $"| {r.Mode} | {r.NotMeasured ?? string.Join(", ", r.Seconds.Select(s => s.ToString("0.00", c)))} | {(r.Seconds.Count == 0 ? "—" : r.Median.ToString("0.00", c))} | < 1 s (reported, not enforced) |");
        }

        return md.ToString();
    }

    private static async Task<Result> MeasureAsync(string mode, int runs, Func<int, Process> start)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var seconds = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var port = LocalEmulators.FreePort();
            var clock = Stopwatch.StartNew();
            using var process = start(port);
            try
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
                {
                    try
                    {
                        if ((await client.GetAsync($"http://127.0.0.1:{port}/api/health/ready")).StatusCode == HttpStatusCode.OK)
                        {
                            seconds.Add(clock.Elapsed.TotalSeconds);
                            break;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                    }

                    await Task.Delay(10);
                }
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return new Result(mode, seconds, seconds.Count == runs ? null : $"{runs - seconds.Count} of {runs} starts never answered 200");
    }

    private static Process Start(IReadOnlyDictionary<string, string> settings, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        // Drained, never read: a full pipe would stall the process being measured.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
