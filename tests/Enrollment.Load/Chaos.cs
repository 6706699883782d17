using System.Diagnostics;
using System.Net.Sockets;
using Enrollment.Core.Counties;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Load;

/// <summary>What the phones saw while the app crashed and its storage connections were cut, and what was stored.</summary>
public sealed record ChaosResult(
    int Parents,
    int Attempts,
    SortedDictionary<string, int> ByStatus,
    int StorageRequestsCut,
    int AcknowledgedBeforeCrash,
    int Converged,
    Reconciliation Reconciliation,
    double Seconds);

/// <summary>
/// A share of storage requests fails, through the Cosmos SDK's own extension point: the connection resets
/// before the request leaves, or the write lands and its answer is lost. While a process dies, all of them fail.
/// </summary>
public sealed class StorageCuts(double share)
{
    private int _cut;

    public double Share { get; set; } = share;

    /// <summary>The process is going down: nothing it starts now reaches storage.</summary>
    public bool Dying { get; set; }

    public int Cut => Volatile.Read(ref _cut);

    /// <summary>One handler per app instance: a Cosmos handler belongs to one client's pipeline.</summary>
    public RequestHandler NewHandler() => new Handler(this);

    private sealed class Handler(StorageCuts cuts) : RequestHandler
    {
        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            if (!cuts.Dying && Random.Shared.NextDouble() >= cuts.Share)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            Interlocked.Increment(ref cuts._cut);
            if (!cuts.Dying && Random.Shared.Next(2) == 0)
            {
                (await base.SendAsync(request, cancellationToken)).Dispose();
            }

            throw new HttpRequestException("cut by the load tool", new IOException("Connection reset by peer"));
        }
    }
}

/// <summary>
/// The opening minute again with the worst happening during it: a tenth of storage requests cut, and once a
/// third of the parents have their answer the app is killed (storage first, then its connections, no draining)
/// and a new process started on the same port, database and keys. Every phone keeps trying with its
/// Idempotency-Key, as the page does on a 503 or a dropped connection. Afterwards every child must have
/// exactly one stored application and every number a phone was shown must be stored.
/// </summary>
public static class Chaos
{
    private const string SubmitPath = "/api/parent/applications";

    public static async Task<ChaosResult> RunAsync(LocalEmulators emulators, LoadOptions options,
        Func<IServiceProvider, CancellationToken, Task<County>> createCounty, CancellationToken cancellationToken)
    {
        var cuts = new StorageCuts(share: 0);
        var port = LocalEmulators.FreePort();
        var first = new RealApp(emulators, port: port, cuts: cuts);
        first.StartServer();
        RealApp? second = null;
        try
        {
            var county = await createCounty(first.Services, cancellationToken);
            using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = first.Address, Timeout = TimeSpan.FromSeconds(30) };
            var families = new Families(county);
            var parents = Enumerable.Range(0, options.Parents).Select(_ => families.NewParent(http)).ToList();
            await Parallel.ForEachAsync(parents, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
                async (parent, ct) => await parent.SignInAsync(ct));

            cuts.Share = 0.1;
            var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var attempts = 0;
            var acknowledged = 0;
            using var deadline = new CancellationTokenSource(options.ScenarioTimeLimit * 2);
            var started = Stopwatch.GetTimestamp();

            void Record(string answer)
            {
                Interlocked.Increment(ref attempts);
                lock (byStatus)
                {
                    byStatus[answer] = byStatus.GetValueOrDefault(answer) + 1;
                }
            }

            async Task<Scenario.Outcome<VirtualParent>> SubmitUntilAnsweredAsync(VirtualParent parent)
            {
                while (true)
                {
                    try
                    {
                        var sent = await parent.SubmitAsync(SubmitPath, withKey: true, deadline.Token);
                        Record(sent.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        if (sent.Status is not (503 or 429 or >= 500))
                        {
                            Interlocked.Increment(ref acknowledged);
                            return new(parent, sent, null);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Record("connection failed");
                    }
                    catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                    {
                        Record("timed out");
                    }
                    catch (OperationCanceledException)
                    {
                        return new(parent, null, "gave up (time limit)");
                    }

                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 800)), deadline.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return new(parent, null, "gave up (time limit)");
                    }
                }
            }

            var running = Task.WhenAll(parents.Select(p => Task.Run(() => SubmitUntilAnsweredAsync(p), cancellationToken)));
            while (Volatile.Read(ref acknowledged) < parents.Count / 3 && !running.IsCompleted && !deadline.IsCancellationRequested)
            {
                await Task.Delay(20, cancellationToken);
            }

            var acknowledgedBeforeCrash = Volatile.Read(ref acknowledged);
            cuts.Dying = true;
            await first.DisposeAsync();
            second = new RealApp(emulators, first.Instance, port, cuts);
            cuts.Dying = false;
            second.StartServer();

            var outcomes = await running;
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            cuts.Share = 0;
            var reconciliation = await OpeningDay.ReconcileAsync(second.Services, county, new HashSet<string>(), outcomes, cancellationToken);
            return new ChaosResult(parents.Count, attempts, byStatus, cuts.Cut, acknowledgedBeforeCrash,
                outcomes.Count(o => o.Sent?.Application() is not null), reconciliation, Math.Round(seconds, 1));
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }
}
