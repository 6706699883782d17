using System.Threading.RateLimiting;
using Enrollment.Core.Audit;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Staff;

public static class StaffServiceCollectionExtensions
{
    /// <summary>
    /// Staff accounts and their sign-in, by password or through Entra ID, their session cookie, the
    /// authentication scheme every staff route names, and reading the audit log.
    /// </summary>
    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddSingleton(sp => new StaffSessionTokens(
            Convert.FromBase64String(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionSigningKey),
            sp.GetRequiredService<TimeProvider>()));
        services.AddStaffPasswordAccounts();
        services.AddSingleton<StaffAccounts>();
        services.AddSingleton<AuditTrail>();
        services.AddOptions<EntraOptions>().BindConfiguration(EntraOptions.Section);
        services.AddHttpClient(nameof(EntraPrincipal));
        services.AddSingleton<EntraPrincipal>();
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(StaffSignInApi.SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) })));
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, StaffAuthenticationHandler>(StaffAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffAuthenticationHandler.Policy, p => p.AddAuthenticationSchemes(StaffAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Making and checking password accounts: the app's, and the staff-add command's, which runs without the app.</summary>
    public static IServiceCollection AddStaffPasswordAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHashing, PlatformPasswordHashing>();
        services.AddSingleton<StaffSignIn>();
        return services;
    }
}
