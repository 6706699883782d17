using Enrollment.Azure.Outside.DataSharing;
using Enrollment.Azure.Outside.Identity;
using Enrollment.Azure.Outside.Provincial;
using Enrollment.Azure.Outside.Sms;
using Enrollment.Azure.Outside.WeChat;
using Enrollment.Core.Outside;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Enrollment.Azure.Outside;

public static class OutsideServiceCollectionExtensions
{
    /// <summary>
    /// Every outside service of the parent journey: data sharing, real-name verification, SMS and
    /// WeChat, each a Refit client behind a Core port. A service without configuration answers
    /// Unavailable (and says so once in the log); a malformed setting stops the app at start.
    /// </summary>
    public static IServiceCollection AddOutsideServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        var refit = OutsideJson.Settings();

        services.AddOptions<OutsideResilienceOptions>().BindConfiguration(OutsideResilienceOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.TotalTimeout > o.AttemptTimeout, "Outside:Resilience:TotalTimeout must be longer than AttemptTimeout.")
            .ValidateOnStart();
        services.AddOptions<DataSharingOptions>().BindConfiguration(DataSharingOptions.Section)
            .Validate(o => o.IsValid, "Each DataSharing:Sources:<Kind>:BaseUrl must be empty or an absolute http(s) URL.")
            // The binder skips a key that names no kind: a typo would silently switch that source off.
            .Validate<IConfiguration>(
                (options, configuration) => configuration.GetSection($"{DataSharingOptions.Section}:Sources").GetChildren().All(c => Enum.TryParse<FactKind>(c.Key, ignoreCase: true, out _)),
                $"Each key under DataSharing:Sources must be one of: {string.Join(", ", Enum.GetNames<FactKind>())}.")
            .ValidateOnStart();
        services.AddOptions<IdentityVerificationOptions>().BindConfiguration(IdentityVerificationOptions.Section)
            .Validate(o => o.HasValidBaseUrl, "IdentityVerification:BaseUrl must be empty or an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .Validate(o => o.IsValid, "Sms:BaseUrl must be empty or an absolute http(s) URL, and Sms:SignName is required once it is set.")
            .ValidateOnStart();
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.IsValid, "Set both WeChat:AppId and WeChat:AppSecret (and both WeChat:MiniProgram:AppId and :AppSecret), or neither.")
            .ValidateOnStart();

        foreach (var kind in Enum.GetValues<FactKind>())
        {
            services.AddKeyedRefitGeneratedClient<IDataSharingApi>(kind, refit, $"Outside.DataSharing.{kind}")
                .ConfigureHttpClient((sp, client) => OutsideEndpoint.Apply(client, sp.GetRequiredService<IOptions<DataSharingOptions>>().Value.For(kind)))
                .AddOutsideResilience(OutsideRetries.All);
        }

        services.AddSingleton<IDataSharing>(sp => new DataSharingClient(
            Enum.GetValues<FactKind>().ToDictionary(k => k, k => sp.GetRequiredKeyedService<IDataSharingApi>(k)),
            sp.GetRequiredService<IOptions<DataSharingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DataSharingClient>>()));

        services.AddRefitGeneratedClient<IIdentityVerificationApi>(refit, "Outside.IdentityVerification")
            .ConfigureHttpClient((sp, client) => OutsideEndpoint.Apply(client, sp.GetRequiredService<IOptions<IdentityVerificationOptions>>().Value))
            .AddOutsideResilience(OutsideRetries.All);
        services.AddSingleton<IIdentityVerifier, IdentityVerifier>();

        // A retried send may deliver the same text twice: sends are not retried.
        services.AddRefitGeneratedClient<ISmsApi>(refit, "Outside.Sms")
            .ConfigureHttpClient((sp, client) => OutsideEndpoint.Apply(client, sp.GetRequiredService<IOptions<SmsOptions>>().Value))
            .AddOutsideResilience(OutsideRetries.SafeMethodsOnly);
        services.AddSingleton<ISmsGateway, SmsGateway>();

        services.AddRefitGeneratedClient<IWeChatApi>(refit, "Outside.WeChat")
            .ConfigureHttpClient((sp, client) => client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WeChatOptions>>().Value.BaseUrl))
            .AddOutsideResilience(OutsideRetries.All);
        services.AddRefitGeneratedClient<IWeChatCodeApi>(refit, "Outside.WeChat.Codes")
            .ConfigureHttpClient((sp, client) => client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WeChatOptions>>().Value.BaseUrl))
            .AddOutsideResilience(OutsideRetries.None);
        services.AddRefitGeneratedClient<IWeChatMessageApi>(refit, "Outside.WeChat.Messages")
            .ConfigureHttpClient((sp, client) => client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WeChatOptions>>().Value.BaseUrl))
            .AddOutsideResilience(OutsideRetries.SafeMethodsOnly);
        services.AddSingleton<WeChatAccessTokenCache>();
        services.AddSingleton<IWeChatSignIn, WeChatSignIn>();
        services.AddSingleton<IWeChatNotifier, WeChatNotifier>();
        services.AddProvincialPlatform();
        return services;
    }

    internal static IHttpClientBuilder AddOutsideResilience(this IHttpClientBuilder builder, OutsideRetries retries)
    {
        // The adapters are singletons that keep their Refit client (and so its HttpClient) for the
        // app's life: pooled connections are recycled instead, so DNS changes are still picked up.
        builder.UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        // The adapters log every call themselves (service, kind, status, duration). The factory's own
        // lines would add URLs, and WeChat puts secrets, codes and tokens in its query strings.
        builder.RemoveAllLoggers();

        builder.AddStandardResilienceHandler().Configure((o, sp) =>
        {
            var limits = sp.GetRequiredService<IOptions<OutsideResilienceOptions>>().Value;
            o.AttemptTimeout.Timeout = limits.AttemptTimeout;
            o.TotalRequestTimeout.Timeout = limits.TotalTimeout;
            o.Retry.MaxRetryAttempts = Math.Max(1, limits.MaxRetryAttempts);
            o.Retry.Delay = limits.RetryDelay;
            o.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
            o.Retry.UseJitter = true;
            if (limits.MaxRetryAttempts == 0 || retries == OutsideRetries.None)
            {
                o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
            }
            else if (retries == OutsideRetries.SafeMethodsOnly)
            {
                o.Retry.DisableForUnsafeHttpMethods();
            }

            // A county sees tens of calls a minute, not thousands: judge a source on few calls.
            o.CircuitBreaker.MinimumThroughput = 10;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, limits.AttemptTimeout.Ticks * 2));
            o.CircuitBreaker.BreakDuration = limits.BreakDuration;
        });
        return builder;
    }
}

/// <summary>Which calls a client may repeat after a failure or timeout.</summary>
internal enum OutsideRetries
{
    /// <summary>Every call: the service treats a repeated request as one.</summary>
    All,

    /// <summary>GETs only: a POST may have been delivered (a text, a message) and must not be sent twice.</summary>
    SafeMethodsOnly,

    /// <summary>None: the request carries something single-use (a WeChat code).</summary>
    None,
}
