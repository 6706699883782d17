using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace Enrollment.Outside.Tests;

/// <summary>A WireMock server bound to 127.0.0.1 only, on a free port.</summary>
public sealed class LoopbackServer : IDisposable
{
    public LoopbackServer()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });

        // The first request through a fresh server is slow (JIT, Kestrel warm-up); take it here, not
        // inside a test whose client gives up after a fraction of a second.
        using var client = new HttpClient();
        client.GetAsync(Server.Url + "/warm-up").GetAwaiter().GetResult().Dispose();
        Server.ResetLogEntries();
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    public IReadOnlyList<ILogEntry> Requests => [.. Server.LogEntries];

    public ILogEntry SingleRequest() => Assert.Single(Server.LogEntries);

    public static JsonElement Json(ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage.Body!).RootElement;

    /// <summary>A loopback port with nothing listening on it: connections are refused at once.</summary>
    public static string Refusing() => $"http://127.0.0.1:{FreePort()}";

    public void Dispose() => Server.Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
