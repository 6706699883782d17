namespace Enrollment.Core.Outside;

/// <summary>
/// Why an outside service gave no usable answer. Callers treat every value the same way (fall back:
/// ask the parent for a document, send the message another way, try later); the reason is for logs
/// and for the bureau's view of which department's link is down.
/// </summary>
public enum Unavailability
{
    /// <summary>No address or credentials are configured for this service: it is switched off here.</summary>
    NotConfigured,

    /// <summary>No answer within the time allowed.</summary>
    TimedOut,

    /// <summary>No connection, or the circuit is open after repeated failures.</summary>
    Unreachable,

    /// <summary>The service failed (HTTP 5xx, or its own "system busy").</summary>
    ServerError,

    /// <summary>The service asked us to slow down (HTTP 429, a quota).</summary>
    Throttled,

    /// <summary>The service refused our credentials or the call itself (401, 403, another 4xx, a configuration error code).</summary>
    Refused,

    /// <summary>The answer could not be read: not JSON, empty, or without the fields the contract promises.</summary>
    Malformed,
}
