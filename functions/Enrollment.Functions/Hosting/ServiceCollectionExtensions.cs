using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Enrollment.Azure.Outside;
using Enrollment.Azure.Storage;
using Enrollment.Core.Applications;
using Enrollment.Core.Parents;
using Enrollment.Core.Security;
using Enrollment.Functions.Bureau;
using Enrollment.Functions.Http;
using Enrollment.Functions.Parents;
using Enrollment.Functions.Public;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>The three keys, checked when the app starts: a missing, malformed or unresolved key stops it with the fix.</summary>
    internal static IServiceCollection AddSecurityKeys(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations()
            .Validate(o => SecurityOptions.IsKey(o.SessionSigningKey) && SecurityOptions.IsKey(o.IdentityHashKey) && SecurityOptions.IsKey(o.DataEncryptionKey),
                "Security:SessionSigningKey, Security:IdentityHashKey and Security:DataEncryptionKey must each be 32 random bytes in base64.")
            .Validate(o => !SecurityOptions.IsUnresolvedReference(o.SessionSigningKey) && !SecurityOptions.IsUnresolvedReference(o.IdentityHashKey) && !SecurityOptions.IsUnresolvedReference(o.DataEncryptionKey),
                "A Security key is still a Key Vault reference: the platform could not read the secret. Give the app's identity the Key Vault Secrets User role and set the site's keyVaultReferenceIdentity to it.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Everything both entry modes share: options, stores, services, authentication, the HTTP pipeline and the timers.</summary>
    public static IHostApplicationBuilder AddEnrollment(this IHostApplicationBuilder builder, EntryMode mode)
    {
        var services = builder.Services;
        builder.AddEnrollmentTelemetry(mode);

        services.AddOptions<EnrollmentOptions>().BindConfiguration(EnrollmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSecurityKeys();
        services.AddOptions<TimerOptions>().BindConfiguration(TimerOptions.Section);
        services.AddOptions<ParentSignInOptions>().BindConfiguration(ParentSignInOptions.Section);
        if (builder.Configuration.GetValue<bool>($"{ParentSignInOptions.Section}:{nameof(ParentSignInOptions.DevelopmentEnabled)}")
            && !ParentSignInOptions.IsAllowedIn(builder.Environment))
        {
            throw new InvalidOperationException(
                $"SignIn:DevelopmentEnabled lets anyone sign in as any mobile number; it cannot be enabled in the {builder.Environment.EnvironmentName} environment.");
        }

        services.AddSingleton(TimeProvider.System);
        services.AddEnrollmentStorage();
        services.AddOutsideServices();
        services.AddSingleton<Core.Checks.EligibilityChecks>();
        services.AddSingleton<Core.Checks.RealNameChecks>();
        services.AddSingleton<Core.Checks.CheckRetries>();
        services.AddSingleton<ApplicationRecords>();
        services.AddSingleton<Corrections>();
        services.AddSingleton<Core.Review.Reviews>();
        services.AddSingleton<Notifications>();
        services.AddSingleton(sp =>
        {
            var keys = sp.GetRequiredService<IOptions<SecurityOptions>>().Value;
            return new PersonalDataProtector(Convert.FromBase64String(keys.IdentityHashKey), Convert.FromBase64String(keys.DataEncryptionKey));
        });
        services.AddSingleton(sp => new ParentSessionTokens(
            Convert.FromBase64String(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionSigningKey),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ParentSessionCookie>();
        services.AddSingleton(sp => new Core.Staff.StaffSessionTokens(
            Convert.FromBase64String(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionSigningKey),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Core.Staff.IPasswordHashing, Staff.PlatformPasswordHashing>();
        services.AddSingleton<Core.Staff.StaffSignIn>();
        services.AddSingleton<Core.Staff.StaffAccounts>();
        services.AddOptions<Staff.EntraOptions>().BindConfiguration(Staff.EntraOptions.Section);
        services.AddHttpClient(nameof(Staff.EntraPrincipal));
        services.AddSingleton<Staff.EntraPrincipal>();
        services.AddSingleton<ParentAccounts>();
        services.AddSingleton<SmsSignIn>();
        services.AddWeChatSignIn();
        services.AddPublicInformation();
        services.AddProvincialExchange();
        services.AddClientRateLimits();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(ParentSignInApi.SmsCodePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(10) }));
            o.AddPolicy(Staff.StaffSignInApi.SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) }));
        });
        services.AddSingleton<ApplicationService>();
        services.AddSingleton<AssistedRegistration>();
        services.AddSingleton<Core.Review.Dashboard>();
        services.AddSingleton<Core.Review.SpecialGroups>();
        services.AddSingleton<Core.Review.Placements>();
        services.AddSingleton<Core.Appeals.Appeals>();
        services.AddSingleton<Core.Lottery.Lotteries>();
        services.AddSingleton<Core.Lottery.ClassAssignments>();
        services.AddSingleton<Core.Drafts.DraftService>();
        services.AddSingleton<Core.Drafts.DraftReminders>();
        services.AddSingleton<Core.Review.ReviewReminders>();
        services.AddAuthentication(ParentAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ParentAuthenticationHandler>(ParentAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, Staff.StaffAuthenticationHandler>(Staff.StaffAuthenticationHandler.SchemeName, null);
        services.AddGovernmentSignIn(builder.Configuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(ParentAuthenticationHandler.Policy, p => p.AddAuthenticationSchemes(ParentAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(Staff.StaffAuthenticationHandler.Policy, p => p.AddAuthenticationSchemes(Staff.StaffAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddSingleton<ReviewStart>();
        services.AddSingleton<Core.Counties.CountyConfiguration>();
        services.AddSingleton<Core.Audit.AuditTrail>();
        services.AddSingleton<TimerRuns>();
        services.AddSingleton<HttpPipeline>();
        if (mode == EntryMode.Standalone)
        {
            services.AddHostedService<StandaloneTimerScheduler>();
        }
        else
        {
            services.AddHostedService<HttpPipelineWarmUp>();
        }

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Parents' requests are small; anything deeper than this is not a form.
            o.SerializerOptions.MaxDepth = 16;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<StorageBusyHandler>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        services.AddHostedService<StorageWarmUp>();
        services.AddOpenApi();
        return builder;
    }
}
