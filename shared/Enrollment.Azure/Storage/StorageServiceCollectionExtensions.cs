using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Enrollment.Azure.Cosmos;
using Enrollment.Azure.Uploads;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Drafts;
using Enrollment.Core.Parents;
using Enrollment.Core.Staff;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Cosmos DB and Blob Storage clients (singletons, as the SDKs require) and the stores over them.
    /// Cosmos <see cref="RequestHandler"/>s and Blob <see cref="HttpPipelinePolicy"/>s registered as services
    /// join the SDKs' pipelines after the request counters (the storage fault tests inject faults this way).
    /// </summary>
    public static IServiceCollection AddEnrollmentStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Cosmos.IsValid, "Set Storage:Cosmos:accountEndpoint to the Cosmos DB account's https endpoint.")
            .Validate(o => o.Blob.IsValid,
                "Set Storage:Blob:serviceUri to the storage account's blob endpoint (Azure, managed identity) or Storage:Blob:connectionString (Azurite).")
            .ValidateOnStart();

        services.AddMetrics();
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton(sp => CreateCosmosClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            // A parent is waiting: a few quick retries, and a hung connection gives up in seconds rather than the default 100.
            var clientOptions = new BlobClientOptions
            {
                Retry = { Mode = RetryMode.Exponential, MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(10) },
            };
            clientOptions.AddPolicy(new BlobRequestCounter(sp.GetRequiredService<StorageMetrics>()), HttpPipelinePosition.PerRetry);
            foreach (var policy in sp.GetServices<HttpPipelinePolicy>())
            {
                clientOptions.AddPolicy(policy, HttpPipelinePosition.PerRetry);
            }

            if (!options.Blob.UsesIdentity)
            {
                return new BlobServiceClient(options.Blob.ConnectionString, clientOptions);
            }

            // The account's own audience holds in every cloud, Azure China included, where the default (storage.azure.com) does not.
            var serviceUri = new Uri(options.Blob.ServiceUri!);
            clientOptions.Audience = BlobAudience.CreateBlobServiceAccountAudience(serviceUri.Host.Split('.')[0]);
            return new BlobServiceClient(serviceUri, options.Blob.CreateCredential(), clientOptions);
        });
        services.AddSingleton(sp => new EnrollmentContainers(sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value.CosmosDatabase));
        // About 7.5 KB each in memory: at most about 40 MB of applications. Counties are few.
        services.AddSingleton(_ => new RecentReads<Application>(5_000));
        services.AddSingleton(_ => new RecentReads<County>(100));
        services.AddSingleton<IApplicationStore, CosmosApplicationStore>();
        // Everything reads the counties without the rehearsals' practice copies; only a rehearsal reads the store itself.
        services.AddSingleton<CosmosCountyStore>();
        services.AddSingleton<ICountyStore>(sp => new RealCounties(sp.GetRequiredService<CosmosCountyStore>()));
        services.AddSingleton<Core.Rehearsals.IRehearsalStore, CosmosRehearsalStore>();
        services.AddSingleton<IParentAccountStore, CosmosParentAccountStore>();
        services.AddSingleton<ISignInCodeStore, CosmosSignInCodeStore>();
        services.AddSingleton<IDraftStore, CosmosDraftStore>();
        services.AddSingleton<IStaffStore, CosmosStaffStore>();
        services.AddSingleton<IAuditLog, CosmosAuditLog>();
        services.AddSingleton<Core.Appeals.IAppealStore, CosmosAppealStore>();
        services.AddSingleton<Core.Provincial.IProvincialSyncStore, CosmosProvincialSyncStore>();
        services.AddSingleton<Core.Lottery.ILotteryStore, CosmosLotteryStore>();
        services.AddSingleton<Core.Lottery.ILotteryArchive, BlobLotteryArchive>();
        services.AddSingleton<Core.Admission.IAdmissionStore, CosmosAdmissionStore>();
        services.AddSingleton<Core.Review.IPlacementLedgerStore, CosmosPlacementLedgerStore>();
        services.AddSingleton<IPastYearStore, CosmosPastYearStore>();
        services.AddSingleton<Core.Announcements.IAnnouncementStore, CosmosAnnouncementStore>();
        services.AddSingleton<StorageSetup>();
        services.AddUploads();
        return services;
    }

    private static CosmosClient CreateCosmosClient(StorageOptions options, IServiceProvider services)
    {
        var clientOptions = new CosmosClientOptions
        {
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
            ApplicationName = "enrollment",
            // A parent is waiting: throttled requests are retried for seconds, not the default 30, before the calm 503.
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(5),
            CustomHandlers = { new CosmosRequestCounter(services.GetRequiredService<StorageMetrics>()) },
        };
        foreach (var handler in services.GetServices<RequestHandler>())
        {
            clientOptions.CustomHandlers.Add(handler);
        }

        if (options.Cosmos.IsLoopback)
        {
            // The local Cosmos-compatible server speaks only the gateway protocol, on one endpoint,
            // with a self-signed certificate: accept it for loopback and nowhere else. Like the handler the SDK
            // builds itself, keep to the gateway connection limit: a burst then reuses its TLS connections
            // instead of opening (and handshaking) one per waiting request.
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
            var connectionLimit = clientOptions.GatewayModeMaxConnectionLimit;
            clientOptions.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = connectionLimit,
                SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
            });
        }

        return options.Cosmos.Key is { } key
            ? new CosmosClient(options.Cosmos.AccountEndpoint, key, clientOptions)
            : new CosmosClient(options.Cosmos.AccountEndpoint, options.Cosmos.CreateCredential(), clientOptions);
    }
}
