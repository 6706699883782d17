using System.Diagnostics;
using System.Text.Json;
using Enrollment.Functions.Hosting;

namespace Enrollment.Functions.Tests;

/// <summary>The deployable package, built by the publish command, is what the Functions host expects.</summary>
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
    public void HostJsonStartsOurExecutableAndProxiesHttp()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(_output, "host.json")));
        var handler = host.RootElement.GetProperty("customHandler");
        var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        var path = Path.Combine(_output, executable);
        Assert.True(File.Exists(path), $"{executable} is missing from the package");
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], File.ReadAllBytes(path)[..4]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute));
        }
        Assert.False(File.Exists(Path.Combine(_output, "appsettings.Development.json")), "local keys must not ship");
        Assert.True(File.Exists(Path.Combine(_output, "wwwroot", "index.html")));
    }

    [Fact]
    public void EveryFunctionFolderMatchesWhatTheAppServes()
    {
        var functions = FunctionDefinitions.Load(_output);

        var http = Assert.Single(functions, f => f.HttpTrigger is not null);
        Assert.Equal("{*path}", http.HttpTrigger!.Route);
        var timers = functions.Where(f => f.TimerTrigger is not null).ToList();
        Assert.Equal(TimerFunctions.Names.Order(), timers.Select(t => t.Name).Order());
        Assert.All(timers, t => Assert.NotNull(t.Schedule));
        Assert.Equal(functions.Count, timers.Count + 1);
    }

    [Fact]
    public async Task ThePackagedExecutableVerifiesALotteryTranscriptWithNoSettings()
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

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_output, "Enrollment.Functions")) { RedirectStandardOutput = true, RedirectStandardError = true };
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
