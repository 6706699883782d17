using System.Security.Cryptography;
using Enrollment.Core.Outside;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Enrollment.Load;

/// <summary>
/// The real app, its whole pipeline, served by Kestrel on a loopback port, over the emulators with a
/// database and keys of its own. The development sign-in gives virtual parents their sessions.
/// </summary>
public sealed class RealApp : WebApplicationFactory<Program>
{
    private readonly LocalEmulators _emulators;
    private readonly StorageCuts? _cuts;

    /// <summary>A new app; or, given the identity, port and cuts of one that died, its replacement.</summary>
    public RealApp(LocalEmulators emulators, Identity? identity = null, int port = 0, StorageCuts? cuts = null)
    {
        _emulators = emulators;
        _cuts = cuts;
        Instance = identity ?? Identity.New();
        UseKestrel(port);
    }

    /// <summary>What a restarted process shares with the one before it: the database and the keys (sessions stay valid).</summary>
    public sealed record Identity(string Database, string SessionSigningKey, string IdentityHashKey, string DataEncryptionKey)
    {
        public static Identity New() => new("load-" + Guid.NewGuid().ToString("N")[..12], NewKey(), NewKey(), NewKey());
    }

    public Identity Instance { get; }

    public string Database => Instance.Database;

    /// <summary>Where Kestrel listens, once <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/> has run.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Storage:Cosmos:AccountEndpoint", _emulators.CosmosEndpoint);
        builder.UseSetting("Storage:CosmosDatabase", Database);
        builder.UseSetting("Storage:Blob:ConnectionString", _emulators.BlobConnectionString);
        builder.UseSetting("Uploads:QuarantineContainer", "quarantine-" + Database);
        builder.UseSetting("Uploads:DocumentsContainer", "documents-" + Database);
        builder.UseSetting("Security:SessionSigningKey", Instance.SessionSigningKey);
        builder.UseSetting("Security:IdentityHashKey", Instance.IdentityHashKey);
        builder.UseSetting("Security:DataEncryptionKey", Instance.DataEncryptionKey);
        builder.UseSetting("Timers:RunStandalone", "false");
        builder.UseSetting("SignIn:DevelopmentEnabled", "true");
        // The limiter still runs and is part of the measured pipeline, but every virtual parent shares this
        // machine's address and refreshes far faster than a person, so their budgets are out of reach.
        builder.UseSetting("RateLimits:ParentRequestsPerMinute", "1000000");
        builder.UseSetting("RateLimits:AddressRequestsPerMinute", "1000000");

        // No outside service is called: the departments confirm every fact at once, so the figures are the
        // app's and its storage's. Identity verification and SMS stay unconfigured, which skips them.
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IDataSharing, DepartmentsConfirm>());
            if (_cuts is not null)
            {
                // Cut through the Cosmos SDK's own extension point, and on a kill stop at once rather than drain.
                services.AddSingleton<Microsoft.Azure.Cosmos.RequestHandler>(_cuts.NewHandler());
                services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.Zero);
            }
        });
        // Warnings and errors only: the report is the output, and an app that struggles under load says so here.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddConsole().AddFilter((category, level) =>
            level >= LogLevel.Warning
            // Under cut connections every calm 503 says so; the report counts them instead.
            && !(_cuts is not null && category == typeof(Functions.Http.StorageBusyHandler).FullName)));
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private sealed class DepartmentsConfirm : IDataSharing
    {
        private static readonly Task<FactCheck> Matched = Task.FromResult<FactCheck>(new FactCheck.Matched("load"));

        public Task<FactCheck> CheckAsync(FactClaim claim, CancellationToken cancellationToken) => Matched;
    }
}
