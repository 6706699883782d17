using System.Collections.Concurrent;
using Enrollment.Azure.Outside;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrollment.Outside.Tests;

/// <summary>
/// The real <see cref="OutsideServiceCollectionExtensions.AddOutsideServices"/> wiring (Refit, resilience,
/// options) over in-memory settings, and every log line kept for inspection. The timeouts are short, so
/// a slow-server test takes seconds, yet long enough for a cold first call on a busy two-core machine.
/// </summary>
public sealed class OutsideServices : IDisposable
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Longer than the client waits; short, because stopping the server waits for a delayed answer.</summary>
    public static readonly TimeSpan SlowAnswer = TotalTimeout + TimeSpan.FromSeconds(0.5);

    private readonly ServiceProvider _provider;

    public OutsideServices(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Outside:Resilience:AttemptTimeout"] = AttemptTimeout.ToString(),
                ["Outside:Resilience:TotalTimeout"] = TotalTimeout.ToString(),
                ["Outside:Resilience:MaxRetryAttempts"] = "1",
                ["Outside:Resilience:RetryDelay"] = "00:00:00.010",
            })
            .AddInMemoryCollection(settings)
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddOutsideServices();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public CapturedLogs Logs { get; } = new();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>What ValidateOnStart does when the host starts: every registered options validation runs.</summary>
    public void ValidateOptions() => _provider.GetRequiredService<IStartupValidator>().Validate();

    public void Dispose() => _provider.Dispose();
}

public sealed record LogLine(LogLevel Level, int EventId, string Category, string Message, IReadOnlyList<KeyValuePair<string, object?>> State);

public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Copied now: generated loggers reuse a thread-local state object once Log returns.
            IReadOnlyList<KeyValuePair<string, object?>> values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs ? [.. pairs] : [];
            logs._lines.Enqueue(new LogLine(logLevel, eventId.Id, category, formatter(state, exception) + (exception is null ? "" : " " + exception), values));
        }
    }
}
