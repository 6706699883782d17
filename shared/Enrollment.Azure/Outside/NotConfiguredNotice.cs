using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Enrollment.Azure.Outside;

/// <summary>Says once per adapter and operation that a service is switched off, instead of on every call.</summary>
public sealed class NotConfiguredNotice(ILogger logger, string service)
{
    private readonly ConcurrentDictionary<string, byte> _said = new(StringComparer.Ordinal);

    public void Report(string operation, string setting)
    {
        if (_said.TryAdd(operation, 0))
        {
            OutsideLog.NotConfigured(logger, service, operation, setting);
        }
    }
}
