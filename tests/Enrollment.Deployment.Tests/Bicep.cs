using System.Diagnostics;
using System.Reflection;

namespace Enrollment.Deployment.Tests;

/// <summary>The Bicep CLI restored from NuGet, run on the repository's infra folder.</summary>
public static class Bicep
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Infra => Path.Combine(RepositoryRoot, "infra");

    public static IReadOnlyList<string> Files => Directory.GetFiles(Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    /// <summary>Runs the CLI; its exit code, what it printed and what it warned about.</summary>
    public static (int ExitCode, string Output, string Diagnostics) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Metadata("BicepPath")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Infra };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no update check: the CLI must not reach out from CI.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, diagnostics);
    }

    /// <summary>main.bicep compiled to the ARM template that Azure deploys.</summary>
    public static string CompiledMain { get; } = Compile("main.bicep");

    private static string Compile(string file)
    {
        var (exitCode, output, diagnostics) = Run("build", Path.Combine(Infra, file), "--stdout");
        Assert.True(exitCode == 0, diagnostics);
        return output;
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"{key} was not set at build time");
}
