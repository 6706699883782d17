using Enrollment.Core.Parents;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Enrollment.Functions.Parents;

/// <summary>
/// The province's unified government identity (e.g. 爱山东) as an OpenID Connect provider. Empty
/// <see cref="Authority"/> is off; <see cref="Authority"/>, <see cref="ClientId"/> and
/// <see cref="ClientSecret"/> are set together or not at all.
/// </summary>
public sealed class GovernmentIdentityOptions
{
    public const string Section = "GovernmentIdentity";
    public const string DefaultDisplayName = "政务服务账号登录";

    /// <summary>The provider's issuer; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>What the entry page's button says.</summary>
    public string DisplayName { get; set; } = DefaultDisplayName;

    /// <summary>Space-separated; must include <c>openid</c>.</summary>
    public string Scopes { get; set; } = "openid profile";

    /// <summary>Only a test against a loopback provider turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsOn => !string.IsNullOrWhiteSpace(Authority);

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Off with nothing else set, or on with every setting present and well formed.</summary>
    public bool IsValid() =>
        IsOn
            ? !string.IsNullOrWhiteSpace(ClientId)
              && !string.IsNullOrWhiteSpace(ClientSecret)
              && !string.IsNullOrWhiteSpace(DisplayName)
              && Uri.TryCreate(Authority!.Trim(), UriKind.Absolute, out var authority)
              && (authority.Scheme == Uri.UriSchemeHttps || (!RequireHttpsMetadata && authority.Scheme == Uri.UriSchemeHttp))
              && ScopeList.Contains("openid")
            : string.IsNullOrWhiteSpace(ClientId) && string.IsNullOrWhiteSpace(ClientSecret);
}

/// <summary>
/// Sign-in with the government identity provider: ASP.NET Core's OpenID Connect handler runs the
/// authorization code flow with PKCE, its own short-lived correlation and nonce cookies, and checks the
/// id_token (signature against the provider's keys, issuer, audience, nonce, lifetime on the app's
/// clock). Nothing of the provider's is kept: <see cref="GovernmentSignInEvents"/> turns the verified
/// <c>sub</c> into our own parent session and ends the request there.
/// </summary>
public static class GovernmentSignInApi
{
    public const string SchemeName = "GovernmentIdentity";
    public const string SignInPath = "/api/parent/sign-in/government";
    public const string CallbackPath = SignInPath + "/callback";

    /// <summary>
    /// Registers the options, and the OpenID Connect scheme only when an authority is configured: the
    /// handler looks at every request for its callback, and with no provider there is nothing to look for.
    /// </summary>
    public static IServiceCollection AddGovernmentSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GovernmentIdentityOptions>().BindConfiguration(GovernmentIdentityOptions.Section)
            .Validate(o => o.IsValid(),
                "GovernmentIdentity: set Authority (an https issuer URL), ClientId and ClientSecret together, or none of them; Scopes must include openid.")
            .ValidateOnStart();
        if (!(configuration.GetSection(GovernmentIdentityOptions.Section).Get<GovernmentIdentityOptions>()?.IsOn ?? false))
        {
            return services;
        }

        services.AddSingleton<GovernmentSignInEvents>();
        services.AddAuthentication().AddOpenIdConnect(SchemeName, _ => { });
        services.AddOptions<OpenIdConnectOptions>(SchemeName).Configure<IOptions<GovernmentIdentityOptions>, TimeProvider>(Configure);
        return services;
    }

    public static RouteGroupBuilder MapGovernmentSignInApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(SignInPath).WithTags("Parents");

        api.MapGet("/", StartSignInAsync)
            .WithName("StartGovernmentSignIn")
            .WithSummary("Redirect to the government identity provider (OpenID Connect, code flow with PKCE), which returns to the callback.");
        // Answered by the OpenID Connect handler before routing gets here; the route is what answers when sign-in is off.
        api.MapGet("/callback", FinishSignIn)
            .WithName("FinishGovernmentSignIn")
            .WithSummary("The provider's redirect back: check the state, redeem the code, verify the id_token, sign in and return to the page.");

        return api;
    }

    public static async Task<Results<ChallengeHttpResult, ProblemHttpResult>> StartSignInAsync(
        [FromQuery] string? returnUrl,
        HttpContext context,
        IOptions<GovernmentIdentityOptions> government,
        IOptionsMonitor<OpenIdConnectOptions> openIdConnect,
        ILogger<GovernmentSignInEvents> logger,
        CancellationToken cancellationToken)
    {
        if (!government.Value.IsOn)
        {
            return Problems.GovernmentSignInOff();
        }

        context.Response.Headers.CacheControl = "no-store";
        try
        {
            // Read (or reuse) the provider's discovery document first, so a provider that is down is a calm 503, not a crash in the challenge.
            await openIdConnect.Get(SchemeName).ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            GovernmentSignInEvents.ProviderUnreachable(logger, exception.GetType().Name);
            context.Response.Headers.RetryAfter = "60";
            return Problems.GovernmentSignInUnavailable(government.Value.DisplayName);
        }

        var properties = new AuthenticationProperties { RedirectUri = SafeReturnUrl.LocalPathOrRoot(returnUrl) };
        return TypedResults.Challenge(properties, [SchemeName]);
    }

    public static ProblemHttpResult FinishSignIn(IOptions<GovernmentIdentityOptions> government) =>
        government.Value.IsOn
            ? Problems.GovernmentSignInNotCompleted(government.Value.DisplayName)
            : Problems.GovernmentSignInOff();

    private static void Configure(OpenIdConnectOptions options, IOptions<GovernmentIdentityOptions> governmentOptions, TimeProvider time)
    {
        var government = governmentOptions.Value;
        options.Authority = government.Authority!.Trim();
        options.ClientId = government.ClientId!.Trim();
        options.ClientSecret = government.ClientSecret;
        options.RequireHttpsMetadata = government.RequireHttpsMetadata;
        options.Scope.Clear();
        foreach (var scope in government.ScopeList)
        {
            options.Scope.Add(scope);
        }

        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.CallbackPath = CallbackPath;
        // No single sign-out with the provider: those two paths would otherwise answer on this site.
        options.SignedOutCallbackPath = PathString.Empty;
        options.RemoteSignOutPath = PathString.Empty;
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.MapInboundClaims = false;
        options.BackchannelTimeout = TimeSpan.FromSeconds(10);
        options.BackchannelHttpHandler = new ServerErrorsAsFailures();
        options.RemoteAuthenticationTimeout = TimeSpan.FromMinutes(10);
        options.ProtocolValidator.NonceLifetime = TimeSpan.FromMinutes(10);
        // Never reached: the events end every sign-in with our own session cookie; no external cookie is kept.
        options.SignInScheme = ParentAuthenticationHandler.SchemeName;
        options.EventsType = typeof(GovernmentSignInEvents);

        // The handler's own correlation and nonce cookies, only as wide as these two routes. Lax, so the
        // provider's top-level redirect back carries them; Max-Age rather than Expires, so the browser's
        // clock, not the server's, decides when ten minutes are up.
        options.CorrelationCookie = ShortLivedCookie(".Enrollment.Government.Correlation.", options.RemoteAuthenticationTimeout);
        options.NonceCookie = ShortLivedCookie(".Enrollment.Government.Nonce.", options.ProtocolValidator.NonceLifetime);

        // Lifetimes (exp, nbf) on the app's clock, like every other time here; the library's own check reads the system clock.
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
        options.TokenValidationParameters.ValidateLifetime = true;
        options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            IsWithinLifetime(time.GetUtcNow(), notBefore, expires, parameters.ClockSkew);
    }

    /// <summary>An id_token must carry an expiry; it is good from its not-before (if any) to its expiry, give or take the skew.</summary>
    internal static bool IsWithinLifetime(DateTimeOffset now, DateTime? notBefore, DateTime? expires, TimeSpan skew) =>
        expires is { } expiry
        && now <= new DateTimeOffset(DateTime.SpecifyKind(expiry, DateTimeKind.Utc)) + skew
        && (notBefore is not { } start || new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)) - skew <= now);

    /// <summary>
    /// The provider's 5xx answers (discovery, keys, token endpoint) become <see cref="HttpRequestException"/>,
    /// so a provider that is down reads the same whether it did not answer or answered with an error page.
    /// </summary>
    private sealed class ServerErrorsAsFailures() : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode < 500)
            {
                return response;
            }

            response.Dispose();
            throw new HttpRequestException($"The identity provider answered {(int)response.StatusCode}.", inner: null, response.StatusCode);
        }
    }

    private static CookieBuilder ShortLivedCookie(string name, TimeSpan lifetime) => new()
    {
        Name = name,
        Path = SignInPath,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        SecurePolicy = CookieSecurePolicy.SameAsRequest,
        IsEssential = true,
        MaxAge = lifetime,
    };
}

/// <summary>
/// How a government sign-in ends. A verified id_token: the parent's account for its <c>sub</c>, our
/// session cookie, and back to the page. Anything else: a ProblemDetails in Chinese and nobody signed in.
/// Neither the code, the tokens nor the subject is ever logged.
/// </summary>
public sealed partial class GovernmentSignInEvents(
    ParentAccounts accounts,
    ParentSessionCookie cookie,
    IOptions<GovernmentIdentityOptions> government,
    IOptions<EnrollmentOptions> enrollment,
    ILogger<GovernmentSignInEvents> logger) : OpenIdConnectEvents
{
    /// <summary>The provider sends the phone back to the app's own address, named as everywhere else.</summary>
    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        context.ProtocolMessage.RedirectUri = enrollment.Value.BaseUrlFor(context.Request) + GovernmentSignInApi.CallbackPath;
        return Task.CompletedTask;
    }

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        context.HandleResponse();
        context.Response.Headers.CacheControl = "no-store";
        var subject = context.Principal?.FindFirst("sub")?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            SignInRefused(logger, "no subject in the id_token");
            await Problems.GovernmentSignInNotCompleted(government.Value.DisplayName).ExecuteAsync(context.HttpContext);
            return;
        }

        var account = await accounts.SignInAsync(SignInMethod.GovernmentIdentity, subject, mobile: null, context.HttpContext.RequestAborted);
        cookie.SignIn(context.HttpContext, account);
        context.Response.Redirect(SafeReturnUrl.LocalPathOrRoot(context.ReturnUri));
    }

    public override async Task RemoteFailure(RemoteFailureContext context)
    {
        context.HandleResponse();
        context.Response.Headers.CacheControl = "no-store";
        var displayName = government.Value.DisplayName;
        if (IsProviderUnavailable(context.Failure))
        {
            SignInRefused(logger, "provider unavailable: " + context.Failure!.GetType().Name);
            context.Response.Headers.RetryAfter = "60";
            await Problems.GovernmentSignInUnavailable(displayName).ExecuteAsync(context.HttpContext);
            return;
        }

        SignInRefused(logger, Reason(context.Failure));
        await Problems.GovernmentSignInNotCompleted(displayName).ExecuteAsync(context.HttpContext);
    }

    /// <summary>The provider did not answer, or answered with a server error.</summary>
    private static bool IsProviderUnavailable(Exception? failure)
    {
        for (var exception = failure; exception is not null; exception = exception.InnerException)
        {
            if (exception is HttpRequestException or IOException or TaskCanceledException or TimeoutException
                || exception.Data["error"] is "server_error" or "temporarily_unavailable")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A word for the log: the kind of refusal, never the exception's message (it may quote what the provider sent).</summary>
    private static string Reason(Exception? failure) => failure switch
    {
        { Data: var data } when data["error"] is string error => "provider error " + (error.Length <= 64 && error.All(c => char.IsAsciiLetterOrDigit(c) || c is '_') ? error : "(unrecognised)"),
        SecurityTokenException => "id_token refused: " + failure.GetType().Name,
        OpenIdConnectProtocolException => "protocol check failed: " + failure.GetType().Name,
        null => "unknown",
        _ => "state or correlation refused: " + failure.GetType().Name,
    };

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Government sign-in refused: {Reason}")]
    private static partial void SignInRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Government identity provider's discovery document could not be read: {Kind}")]
    internal static partial void ProviderUnreachable(ILogger logger, string kind);
}
