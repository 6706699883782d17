using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Enrollment.Azure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Load;

/// <summary>
/// One app's storage requests from the Enrollment.Storage meter, by "store operation container". Each app
/// has its own meter factory, so the real app's and the bare API's requests are counted apart.
/// </summary>
public sealed class StorageCounter : IDisposable
{
    private static readonly string[] WriteOperations = ["create", "replace", "patch", "upsert", "delete"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public StorageCounter(IServiceProvider app)
    {
        var factory = app.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == StorageMetrics.RequestsCounter && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? store = null, operation = null, container = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "store": store = tag.Value as string; break;
                    case "operation": operation = tag.Value as string; break;
                    case "container": container = tag.Value as string; break;
                }
            }

            _counts.AddOrUpdate($"{store} {operation} {container}", value, (_, n) => n + value);
        });
        _listener.Start();
    }

    /// <summary>The counts so far, and from now on zero again.</summary>
    public RoundTrips Take()
    {
        var taken = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in _counts.Keys)
        {
            if (_counts.TryRemove(key, out var n))
            {
                taken[key] = n;
            }
        }

        return new RoundTrips(taken);
    }

    public void Dispose() => _listener.Dispose();

    public sealed record RoundTrips(SortedDictionary<string, long> ByOperation)
    {
        public long Total => ByOperation.Values.Sum();

        public long Reads => Count(o => o is "read" or "query" or "readfeed");

        public long Writes => Count(WriteOperations.Contains);

        public long PointReads => Count(o => o == "read");

        private long Count(Func<string, bool> operation) =>
            ByOperation.Where(kv => operation(kv.Key.Split(' ')[1])).Sum(kv => kv.Value);
    }
}
