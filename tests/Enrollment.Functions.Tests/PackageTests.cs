using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Enrollment.Functions.Commands;
using Enrollment.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace Enrollment.Functions.Tests;

/// <summary>The deployable package, built by the publish command, is what the Functions host runs.</summary>
public sealed class PackageTests : IAsyncLifetime
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "enrollment-package-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        using var publish = Process.Start(new ProcessStartInfo("bash", $"infra/publish.sh \"{_output}\"")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"publish failed: {await output}{await errors}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void ThePackageIsAnIsolatedWorkerTheHostStarts()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "host.json")));
        using var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "worker.config.json")));
        var description = worker.RootElement.GetProperty("description");

        Assert.False(host.RootElement.TryGetProperty("customHandler", out _), "host.json still starts a custom handler");
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.True(File.Exists(Path.Combine(_output, description.GetProperty("defaultWorkerPath").GetString()!)));
        // The host's extensions for the worker's bindings, built by the SDK.
        Assert.True(File.Exists(Path.Combine(_output, ".azurefunctions", "function.deps.json")));
        Assert.True(File.Exists(Path.Combine(_output, "extensions.json")));
        Assert.False(File.Exists(Path.Combine(_output, "appsettings.Development.json")), "local keys must not ship");
        Assert.True(File.Exists(Path.Combine(_output, "wwwroot", "index.html")));
        Assert.Empty(Directory.EnumerateFiles(_output, "function.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void FunctionsMetadataNamesEveryFunctionOfTheApp()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "functions.metadata")));
        var built = metadata.RootElement.EnumerateArray().Select(Describe).Order().ToList();

        Assert.Equal(AppFunctions().Order(), built);
        Assert.Equal(7, built.Count(f => f.Contains("httpTrigger", StringComparison.Ordinal)));
        Assert.Equal(10, built.Count(f => f.Contains("timerTrigger", StringComparison.Ordinal)));
    }

    [Fact]
    public void AWiderRouteIsTriedAfterEveryNarrowerOne()
    {
        // The host tries HTTP functions in the order of their names and takes the first route that matches.
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "functions.metadata")));
        var routes = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => (Name: f.GetProperty("name").GetString()!, Prefix: b.GetProperty("route").GetString()!.Replace("{*path}", ""))))
            .ToList();

        var shadowing = from wide in routes
                        from narrow in routes
                        where narrow.Prefix != wide.Prefix && narrow.Prefix.StartsWith(wide.Prefix, StringComparison.Ordinal)
                              && string.Compare(wide.Name, narrow.Name, StringComparison.OrdinalIgnoreCase) < 0
                        select $"{wide.Name} ({wide.Prefix}*) would answer for {narrow.Name} ({narrow.Prefix}*)";
        Assert.Empty(shadowing);
        Assert.Equal(HttpFunctions.CatchAll, routes.Single(r => r.Prefix == "").Name);
    }

    [Fact]
    public void EveryTimerHasAStandaloneScheduleInTheShippedSettings()
    {
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(_output, "appsettings.json")).Build();

        Assert.NotEmpty(TimerFunctions.All);
        Assert.All(TimerFunctions.All, timer => Assert.NotNull(StandaloneTimerScheduler.Schedule(timer, settings)));
        Assert.Equal(TimerFunctions.All.Select(t => t.ScheduleSetting).Order(), settings.GetSection(TimerOptions.Section).GetChildren().Select(c => c.Path).Order());
    }

    [Fact]
    public async Task ThePackagedAppVerifiesALotteryTranscriptWithNoSettings()
    {
        var committed = Path.Combine(RepositoryRoot.Path, "tests", "Enrollment.Core.Tests", "fixtures", "lottery-transcript-v1.txt");
        var tampered = Path.Combine(_output, "tampered.txt");
        await File.WriteAllTextAsync(tampered, (await File.ReadAllTextAsync(committed)).Replace("live-value 4821", "live-value 4822"));

        var (identical, identicalOutput) = await RunAsync("verify-lottery", committed);
        var (differs, differsOutput) = await RunAsync("verify-lottery", tampered);

        Assert.True(identical == 0, identicalOutput);
        Assert.Contains("一致 identical", identicalOutput);
        Assert.Equal(1, differs);
        Assert.Contains("line 10", differsOutput);
    }

    [Fact]
    public async Task ThePackagedAppPrintsAnAuthenticatorCodeWithNoSettings()
    {
        var (exitCode, output) = await RunAsync("totp", "JBSWY3DPEHPK3PXP");

        Assert.True(exitCode == 0, output);
        Assert.Matches("^[0-9]{6}$", output.Trim());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public async Task ThePackagedAppListsEveryCommandWithNoSettings(string help)
    {
        var (exitCode, output) = await RunAsync(help);

        Assert.True(exitCode == 0, output);
        Assert.All(CommandLine.All, command => Assert.Contains($"\n  {command.Synopsis} ", output));
        Assert.Contains("--urls", output);
    }

    [Fact]
    public async Task AnUnknownCommandStopsBeforeTheAppStarts()
    {
        var (exitCode, output) = await RunAsync("verify-lotery", "transcript.txt");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown command \"verify-lotery\"", output);
        Assert.Contains("verify-lottery, qr, totp, setup, staff-add, county-add, help", output);
    }

    /// <summary>Each [Function] method of the app as one line: name, trigger, route, methods, level, schedule setting.</summary>
    private static IEnumerable<string> AppFunctions() =>
        typeof(HttpFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(m =>
            {
                var name = m.GetCustomAttribute<FunctionAttribute>()!.Name;
                var parameters = m.GetParameters();
                if (parameters.Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } http)
                {
                    return $"{name} httpTrigger {http.Route} {string.Join(",", http.Methods ?? [])} {http.AuthLevel}";
                }

                var timer = parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).First(a => a is not null)!;
                return $"{name} timerTrigger {timer.Schedule}";
            });

    private static string Describe(JsonElement function)
    {
        var name = function.GetProperty("name").GetString();
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        var type = trigger.GetProperty("type").GetString();
        return type == "httpTrigger"
            ? $"{name} {type} {trigger.GetProperty("route").GetString()} {string.Join(",", trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()))} {trigger.GetProperty("authLevel").GetString()}"
            : $"{name} {type} {trigger.GetProperty("schedule").GetString()}";
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(_output, "Enrollment.Functions.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
