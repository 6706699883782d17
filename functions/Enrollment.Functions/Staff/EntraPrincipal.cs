using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Enrollment.Functions.Staff;

/// <summary>Microsoft Entra ID sign-in for staff through App Service authentication ("Easy Auth").</summary>
public sealed class EntraOptions
{
    public const string Section = "StaffSignIn:Entra";

    /// <summary>The tenant's v2.0 authority: https://login.microsoftonline.com/{tenant}/v2.0, or login.partner.microsoftonline.cn in Azure China.</summary>
    public string? Authority { get; set; }

    /// <summary>The app registration's client id: the audience of the id tokens.</summary>
    public string? ClientId { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrEmpty(Authority) && !string.IsNullOrEmpty(ClientId);
}

/// <summary>
/// The platform puts the signed-in principal in request headers. Headers alone could be sent by anyone
/// who reaches the app directly, so the sign-in name is taken only from the id token the platform also
/// forwards, after checking its signature against the tenant's published keys, its issuer, audience and lifetime.
/// </summary>
public sealed partial class EntraPrincipal(IOptions<EntraOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<EntraPrincipal> logger)
{
    public const string IdTokenHeader = "X-MS-TOKEN-AAD-ID-TOKEN";
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    private readonly Lazy<ConfigurationManager<OpenIdConnectConfiguration>?> _metadata = new(() => options.Value.Enabled
        ? new ConfigurationManager<OpenIdConnectConfiguration>(
            options.Value.Authority!.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClients.CreateClient(nameof(EntraPrincipal))) { RequireHttps = options.Value.RequireHttpsMetadata })
        : null);

    /// <summary>The verified sign-in name (UPN), or null when there is no valid platform token.</summary>
    public async Task<string?> SignInNameAsync(IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        if (_metadata.Value is not { } metadata || headers[IdTokenHeader].ToString() is not { Length: > 0 } token)
        {
            return null;
        }

        var configuration = await metadata.GetConfigurationAsync(cancellationToken);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.Value.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateLifetime = true,
            LifetimeValidator = (notBefore, expires, _, parameters) =>
                Parents.GovernmentSignInApi.IsWithinLifetime(time.GetUtcNow(), notBefore, expires, parameters.ClockSkew),
        });
        if (!result.IsValid)
        {
            LogRefused(logger, result.Exception?.GetType().Name);
            return null;
        }

        // The platform's own principal header must name the same user as the token.
        var objectId = Claim(result, "oid");
        var principalId = headers[PrincipalIdHeader].ToString();
        if (principalId.Length > 0 && !string.Equals(principalId, objectId, StringComparison.OrdinalIgnoreCase))
        {
            LogRefused(logger, "principal-mismatch");
            return null;
        }

        return Claim(result, "preferred_username") ?? Claim(result, "upn");
    }

    private static string? Claim(TokenValidationResult result, string type) => result.Claims.TryGetValue(type, out var value) ? value as string : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "An Entra ID token forwarded to the app was refused ({Reason}).")]
    private static partial void LogRefused(ILogger logger, string? reason);
}
