using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Enrollment.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Enrollment.Testing;

/// <summary>
/// Keeps every log line the app writes, at every level, as a sink would (message, structured values,
/// exception), and finds personal data in them: resident ID numbers (checksum-valid), mobile numbers
/// and the names and address the test forms use. Every <see cref="EnrollmentApp"/> scans its own when disposed,
/// so the whole test run is a log scan.
/// </summary>
public sealed partial class LogCapture : ILoggerProvider
{
    /// <summary>Names and the home address used by <see cref="TestForms"/> and the tests: a line holding one of them leaks a family's data.</summary>
    private static readonly string[] TestNames = ["王小雨", "王小雪", "王建国", "Wang Xiaoyu", "人民路12号3单元"];

    public ConcurrentQueue<string> Lines { get; } = new();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex ResidentIdPattern();

    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")]
    private static partial Regex MobilePattern();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    /// <summary>The lines that carry personal data.</summary>
    public IReadOnlyList<string> Leaks() => Lines.Where(line =>
            ResidentIdPattern().Matches(line).Any(m => ResidentIdNumber.TryParse(m.Value.ToUpperInvariant(), out _))
            || MobilePattern().IsMatch(line)
            || TestNames.Any(name => line.Contains(name, StringComparison.OrdinalIgnoreCase)))
        .ToList();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{category} [{logLevel}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
