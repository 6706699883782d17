using Enrollment.Core.Outside;
using Enrollment.Core.Provincial;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

namespace Enrollment.Azure.Outside.Provincial;

public static class ProvincialServiceCollectionExtensions
{
    /// <summary>The provincial platform's Refit client behind <see cref="IProvincialPlatform"/>, and the batch size for the sync.</summary>
    public static IServiceCollection AddProvincialPlatform(this IServiceCollection services)
    {
        services.AddOptions<ProvincialOptions>().BindConfiguration(ProvincialOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.HasValidBaseUrl, "Provincial:BaseUrl must be empty or an absolute http(s) URL.")
            .ValidateOnStart();

        // Every batch carries its content-derived Idempotency-Key, so a retried push is stored once.
        services.AddRefitGeneratedClient<IProvincialApi>(OutsideJson.Settings(), "Outside.Provincial")
            .ConfigureHttpClient((sp, client) => OutsideEndpoint.Apply(client, sp.GetRequiredService<IOptions<ProvincialOptions>>().Value))
            .AddOutsideResilience(OutsideRetries.All);
        services.AddSingleton<IProvincialPlatform, ProvincialPlatform>();
        services.AddSingleton(sp => new ProvincialSyncSettings(sp.GetRequiredService<IOptions<ProvincialOptions>>().Value.BatchSize));
        return services;
    }
}
