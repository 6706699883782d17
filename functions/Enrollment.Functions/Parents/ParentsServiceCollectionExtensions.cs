using System.Threading.RateLimiting;
using Enrollment.Core.Applications;
using Enrollment.Core.Checks;
using Enrollment.Core.Drafts;
using Enrollment.Core.Parents;
using Enrollment.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Parents;

public static class ParentsServiceCollectionExtensions
{
    /// <summary>
    /// Parents' accounts and every way they sign in (SMS, WeChat, government identity, and the development sign-in
    /// where it is allowed), their session cookie and the authentication scheme that reads it.
    /// </summary>
    public static IServiceCollection AddParentSignIn(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<ParentSignInOptions>().BindConfiguration(ParentSignInOptions.Section);
        if (configuration.GetValue<bool>($"{ParentSignInOptions.Section}:{nameof(ParentSignInOptions.DevelopmentEnabled)}")
            && !ParentSignInOptions.IsAllowedIn(environment))
        {
            throw new InvalidOperationException(
                $"SignIn:DevelopmentEnabled lets anyone sign in as any mobile number; it cannot be enabled in the {environment.EnvironmentName} environment.");
        }

        services.AddSingleton(sp => new ParentSessionTokens(
            Convert.FromBase64String(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionSigningKey),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ParentSessionCookie>();
        services.AddSingleton<ParentAccounts>();
        services.AddSingleton<SmsSignIn>();
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(ParentSignInApi.SmsCodePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(10) })));
        services.AddWeChatSignIn();
        // The default scheme: the guardian, if any, is read on every request (the rate limits count a guardian's requests by it).
        services.AddAuthentication(ParentAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ParentAuthenticationHandler>(ParentAuthenticationHandler.SchemeName, null);
        services.AddGovernmentSignIn(configuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(ParentAuthenticationHandler.Policy, p => p.AddAuthenticationSchemes(ParentAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>An application from its draft to its submission, and what follows for the family: checks, corrections, notices.</summary>
    public static IServiceCollection AddApplications(this IServiceCollection services)
    {
        services.AddSingleton<DataSharingChecks>();
        services.AddSingleton<RealNameChecks>();
        services.AddSingleton<CheckRetries>();
        services.AddSingleton<ApplicationRecords>();
        services.AddSingleton<Corrections>();
        services.AddSingleton<Receipts>();
        services.AddSingleton<Notifications>();
        services.AddSingleton<ApplicationService>();
        services.AddSingleton<DraftService>();
        services.AddSingleton<DraftReminders>();
        return services;
    }
}
