using Microsoft.Azure.Functions.Worker.Builder;

namespace Enrollment.Functions.Hosting;

/// <summary>How the process was started: by the Azure Functions host as its isolated worker, or on its own.</summary>
public enum EntryMode
{
    /// <summary>Kestrel on its own port and the timer functions fired in-process: a laptop, CI, the tests.</summary>
    Standalone,

    /// <summary>The Functions host's isolated worker: HTTP arrives through the host's proxy, timers from the host.</summary>
    FunctionsHost,
}

public static class FunctionsWorker
{
    public const string StandaloneUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// The host starts its worker with the address of its gRPC channel; nothing else passes it. The mode is read from
    /// that, not from a setting a deployment could get wrong.
    /// </summary>
    public static EntryMode ModeOf(IReadOnlyList<string> args) =>
        args.Any(a => a == "--functions-uri" || a.StartsWith("--functions-uri=", StringComparison.Ordinal)) ? EntryMode.FunctionsHost : EntryMode.Standalone;

    /// <summary>
    /// The worker as the Functions host runs it. Not started here: starting it connects to the host's channel.
    /// <paramref name="configure"/> adds settings and services ahead of the app's own (the tests' emulators and clock).
    /// </summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args, Action<FunctionsApplicationBuilder>? configure = null)
    {
        // Settings files are read once at start, as standalone (see CreateStandaloneBuilder).
        var builder = FunctionsApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.ConfigureFunctionsWebApplication();
        configure?.Invoke(builder);
        builder.AddEnrollment(EntryMode.FunctionsHost);
        return builder;
    }

    /// <summary>The same app on Kestrel, for machines without the Functions host.</summary>
    public static WebApplicationBuilder CreateStandaloneBuilder(string[] args)
    {
        var builder = CreateSettingsBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(StandaloneUrl);
        }

        builder.AddEnrollment(EntryMode.Standalone);
        return builder;
    }

    /// <summary>
    /// The standalone app's settings with none of its services: the files beside the assembly, the environment
    /// (ASPNETCORE_ENVIRONMENT included) and the arguments. The commands that reach storage start from here, so they
    /// read their settings exactly as the app does.
    /// </summary>
    internal static WebApplicationBuilder CreateSettingsBuilder(string[] args) =>
        // Settings files never change under a running app (settings arrive as environment variables, read at start), so
        // they are not watched: watching costs an inotify instance and a recursive watch of the whole folder.
        WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
}
