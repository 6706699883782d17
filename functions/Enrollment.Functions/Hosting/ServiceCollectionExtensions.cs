using System.Text.Json.Serialization;
using Enrollment.Azure.Outside;
using Enrollment.Azure.Storage;
using Enrollment.Core.Security;
using Enrollment.Functions.Appeals;
using Enrollment.Functions.Bureau;
using Enrollment.Functions.Http;
using Enrollment.Functions.Parents;
using Enrollment.Functions.Public;
using Enrollment.Functions.Schools;
using Enrollment.Functions.Staff;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The three keys, checked when the app starts: a missing, malformed or unresolved key stops it with the fix.
    /// With them, the protector of the personal data in storage.
    /// </summary>
    internal static IServiceCollection AddSecurityKeys(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations()
            .Validate(o => SecurityOptions.IsKey(o.SessionSigningKey) && SecurityOptions.IsKey(o.IdentityHashKey) && SecurityOptions.IsKey(o.DataEncryptionKey),
                "Security:SessionSigningKey, Security:IdentityHashKey and Security:DataEncryptionKey must each be 32 random bytes in base64.")
            .Validate(o => !SecurityOptions.IsUnresolvedReference(o.SessionSigningKey) && !SecurityOptions.IsUnresolvedReference(o.IdentityHashKey) && !SecurityOptions.IsUnresolvedReference(o.DataEncryptionKey),
                "A Security key is still a Key Vault reference: the platform could not read the secret. Give the app's identity the Key Vault Secrets User role and set the site's keyVaultReferenceIdentity to it.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<SecurityOptions>>().Value;
            return new PersonalDataProtector(Convert.FromBase64String(keys.IdentityHashKey), Convert.FromBase64String(keys.DataEncryptionKey));
        });
        return services;
    }

    /// <summary>Everything both entry modes share: what every feature stands on, then feature by feature, then the timers and HTTP.</summary>
    public static IHostApplicationBuilder AddEnrollment(this IHostApplicationBuilder builder, EntryMode mode)
    {
        var services = builder.Services;
        builder.AddEnrollmentTelemetry(mode);
        services.AddOptions<EnrollmentOptions>().BindConfiguration(EnrollmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSecurityKeys();
        services.AddSingleton(TimeProvider.System);
        services.AddEnrollmentStorage();
        services.AddOutsideServices();

        services.AddParentSignIn(builder.Configuration, builder.Environment);
        services.AddApplications();
        services.AddStaff();
        services.AddSchools();
        services.AddBureau();
        services.AddAppeals();
        services.AddPublicInformation();

        services.AddTimers(mode);
        services.AddHttp(mode);
        return builder;
    }

    /// <summary>The timer functions' schedules and telemetry; on its own, the app fires them itself (under the host, the host does).</summary>
    private static IServiceCollection AddTimers(this IServiceCollection services, EntryMode mode)
    {
        services.AddOptions<TimerOptions>().BindConfiguration(TimerOptions.Section);
        services.AddSingleton<TimerRuns>();
        if (mode == EntryMode.Standalone)
        {
            services.AddHostedService<StandaloneTimerScheduler>();
        }

        return services;
    }

    /// <summary>
    /// What HTTP needs in both modes: the pipeline the functions run, JSON, problems, the client limits, health,
    /// OpenAPI; both stores reached, and under the host the pipeline built, before the first request.
    /// </summary>
    private static IServiceCollection AddHttp(this IServiceCollection services, EntryMode mode)
    {
        services.AddSingleton<HttpPipeline>();
        if (mode == EntryMode.FunctionsHost)
        {
            services.AddHostedService<HttpPipelineWarmUp>();
        }

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Parents' requests are small; anything deeper than this is not a form.
            o.SerializerOptions.MaxDepth = 16;
        });
        services.AddPageCompression();
        services.AddSingleton(sp => new Texts(sp.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<StorageBusyHandler>();
        services.AddClientRateLimits();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        services.AddHostedService<StorageWarmUp>();
        services.AddOpenApi();
        return services;
    }
}
