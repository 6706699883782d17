using System.ComponentModel.DataAnnotations;

namespace Enrollment.Azure.Outside;

/// <summary>
/// How long a parent's page may wait on another department. Short on purpose: a source that does not
/// answer within seconds is treated as unavailable and the parent uploads a document instead.
/// </summary>
public sealed class OutsideResilienceOptions
{
    public const string Section = "Outside:Resilience";

    /// <summary>One attempt, including reading the answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:03")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>All attempts and the waits between them.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:00:10")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a transient failure (5xx, 408, 429, no connection, attempt timeout); 0 turns retries off.</summary>
    [Range(0, 5)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first wait before a retry; later waits grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a source that keeps failing is left alone before it is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
