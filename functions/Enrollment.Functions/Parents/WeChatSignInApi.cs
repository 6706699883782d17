using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Enrollment.Azure.Outside.WeChat;
using Enrollment.Core.Outside;
using Enrollment.Core.Parents;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Parents;

public sealed record WeChatMiniProgramSignInRequest(string? Code);

/// <summary>
/// Where WeChat's web authorization page is, read from the <c>WeChat</c> section beside the app ids and
/// secrets of <see cref="WeChatOptions"/>. Only a test or a proxy would change it.
/// </summary>
public sealed class WeChatWebSignInOptions
{
    public const string Section = WeChatOptions.Section;

    public const string DefaultAuthorizeUrl = "https://open.weixin.qq.com/connect/oauth2/authorize";

    [Required]
    [Url]
    public string AuthorizeUrl { get; set; } = DefaultAuthorizeUrl;

    /// <summary>
    /// The file WeChat asks for at the domain's root before it accepts the domain for web authorization (网页授权域名),
    /// as the official account's settings page names it, e.g. <c>MP_verify_AbC123.txt</c>; its content is the part
    /// between <c>MP_verify_</c> and <c>.txt</c>. An app setting, so the bureau verifies its domain without a release.
    /// </summary>
    [RegularExpression(@"^MP_verify_[A-Za-z0-9]{1,64}\.txt$", ErrorMessage = "WeChat:DomainVerificationFile is the file's name as WeChat gives it, MP_verify_<letters and digits>.txt.")]
    public string? DomainVerificationFile { get; set; }
}

/// <summary>
/// Sign-in with WeChat, both ways a WeChat user arrives: the official account's web authorization
/// inside WeChat's browser (a redirect to WeChat and back), and the mini program's wx.login code.
/// The account is keyed by a hash of the openid; the openid, tokens and session key stay out of
/// storage, logs and answers.
/// </summary>
public static class WeChatSignInApi
{
    public const string WebSignInPath = "/api/parent/sign-in/wechat";
    public const string CallbackPath = WebSignInPath + "/callback";

    /// <summary>WeChat's codes are 32 characters; anything far longer is not one, and is not sent on.</summary>
    private const int MaxCodeLength = 128;

    public static IServiceCollection AddWeChatSignIn(this IServiceCollection services)
    {
        services.AddOptions<WeChatWebSignInOptions>().BindConfiguration(WeChatWebSignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WeChatSignInState>();
        return services;
    }

    public static RouteGroupBuilder MapWeChatSignInApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/MP_verify_{token}.txt", DomainVerification).WithTags("Public").AllowAnonymous().ExcludeFromDescription();
        var api = app.MapGroup("/api/parent/sign-in").WithTags("Parents");

        api.MapGet("/wechat", StartWebSignIn)
            .WithName("StartWeChatSignIn")
            .WithSummary("Inside WeChat's browser: redirect to WeChat's web authorization (snsapi_base), which returns to the callback.");
        api.MapGet("/wechat/callback", FinishWebSignInAsync)
            .WithName("FinishWeChatSignIn")
            .WithSummary("WeChat's redirect back: check the state against this browser, exchange the code, sign in and return to the page.");
        api.MapPost("/wechat-mini", MiniProgramSignInAsync)
            .WithName("WeChatMiniProgramSignIn")
            .WithSummary("The mini program's wx.login code: sign in; the answer sets the session cookie for the mini program to keep.");

        return api;
    }

    /// <summary>WeChat's domain check: the configured file, as plain text; any other name is not there.</summary>
    public static Results<ContentHttpResult, ProblemHttpResult> DomainVerification(string token, IOptions<WeChatWebSignInOptions> options) =>
        options.Value.DomainVerificationFile is { } file && string.Equals(file, $"MP_verify_{token}.txt", StringComparison.Ordinal)
            ? TypedResults.Text(token, "text/plain")
            : Problems.NotFound("页面不存在", "请从学校的二维码或教育局公布的网址进入。");

    public static Results<RedirectHttpResult, ProblemHttpResult> StartWebSignIn(
        [FromQuery] string? returnUrl,
        HttpContext context,
        IOptions<WeChatOptions> weChat,
        IOptions<WeChatWebSignInOptions> web,
        IOptions<EnrollmentOptions> enrollment,
        WeChatSignInState states)
    {
        var officialAccount = weChat.Value.OfficialAccount;
        if (!officialAccount.IsComplete)
        {
            return Problems.WeChatSignInOff();
        }

        var state = states.Start(context, SafeReturnUrl.LocalPathOrRoot(returnUrl));
        var callback = enrollment.Value.BaseUrlFor(context.Request) + CallbackPath;
        // WeChat wants exactly these parameters in this order, and the fragment, or it shows an error page.
        var authorize = $"{web.Value.AuthorizeUrl}?appid={Uri.EscapeDataString(officialAccount.AppId!.Trim())}"
            + $"&redirect_uri={Uri.EscapeDataString(callback)}&response_type=code&scope=snsapi_base&state={state}#wechat_redirect";
        NoStore(context);
        return TypedResults.Redirect(authorize);
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> FinishWebSignInAsync(
        [FromQuery] string? code,
        [FromQuery] string? state,
        HttpContext context,
        IOptions<WeChatOptions> weChat,
        WeChatSignInState states,
        IWeChatSignIn signIn,
        ParentAccounts accounts,
        ParentSessionCookie cookie,
        CancellationToken cancellationToken)
    {
        if (!weChat.Value.OfficialAccount.IsComplete)
        {
            return Problems.WeChatSignInOff();
        }

        NoStore(context);
        if (states.Finish(context, state) is not { } returnUrl)
        {
            return Problems.WeChatStateInvalid();
        }

        if (!IsPlausibleCode(code))
        {
            return Problems.WeChatCodeRejected(miniProgram: false);
        }

        var outcome = await signIn.ExchangeWebCodeAsync(code!, cancellationToken);
        if (outcome is not WeChatSignInResult.SignedIn signedIn)
        {
            return Refused(context, outcome, miniProgram: false);
        }

        var account = await accounts.SignInWithWeChatAsync(signedIn.OpenId, signedIn.UnionId, miniProgram: false, cancellationToken);
        cookie.SignIn(context, account);
        return TypedResults.Redirect(returnUrl);
    }

    public static async Task<Results<Ok<MeView>, ValidationProblem, ProblemHttpResult>> MiniProgramSignInAsync(
        WeChatMiniProgramSignInRequest request,
        HttpContext context,
        IOptions<WeChatOptions> weChat,
        IWeChatSignIn signIn,
        ParentAccounts accounts,
        ParentSessionCookie cookie,
        CancellationToken cancellationToken)
    {
        if (!weChat.Value.MiniProgram.IsComplete)
        {
            return Problems.WeChatSignInOff();
        }

        if (!IsPlausibleCode(request.Code))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["code"] = ["登录信息不完整，请退出小程序后重新进入。"] });
        }

        var outcome = await signIn.ExchangeMiniProgramCodeAsync(request.Code!, cancellationToken);
        if (outcome is not WeChatSignInResult.SignedIn signedIn)
        {
            return Refused(context, outcome, miniProgram: true);
        }

        var account = await accounts.SignInWithWeChatAsync(signedIn.OpenId, signedIn.UnionId, miniProgram: true, cancellationToken);
        cookie.SignIn(context, account);
        return TypedResults.Ok(MeView.From(account));
    }

    private static ProblemHttpResult Refused(HttpContext context, WeChatSignInResult outcome, bool miniProgram)
    {
        if (outcome is WeChatSignInResult.CodeRejected)
        {
            return Problems.WeChatCodeRejected(miniProgram);
        }

        if (outcome is WeChatSignInResult.SnapshotUser)
        {
            return Problems.WeChatSnapshotUser();
        }

        context.Response.Headers.RetryAfter = "60";
        return Problems.WeChatUnavailable();
    }

    private static bool IsPlausibleCode(string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Redirects that set or spend a one-time state must never be answered from a cache.</summary>
    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";
}

/// <summary>
/// Binds a web sign-in to the browser that started it (OAuth's <c>state</c>). The state goes to WeChat
/// and comes back in the callback; this browser keeps a 10-minute HttpOnly cookie with when it started,
/// where to return, and a MAC over those and the state, so the state itself is stored nowhere. A
/// callback whose state does not match this browser's cookie is someone else's sign-in and is refused.
/// </summary>
public sealed partial class WeChatSignInState
{
    public const string CookieName = "enrollment_wechat_state";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>192 random bits as lowercase hex.</summary>
    private const int StateLength = 48;

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly ILogger<WeChatSignInState> _logger;

    public WeChatSignInState(IOptions<SecurityOptions> security, TimeProvider time, ILogger<WeChatSignInState> logger)
    {
        // Derived from the session key under its own label: a state MAC can never pass for a session, or the reverse.
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(security.Value.SessionSigningKey), 32,
            info: "enrollment:wechat-sign-in-state"u8.ToArray());
        _time = time;
        _logger = logger;
    }

    /// <summary>A fresh state for WeChat's authorize URL (WeChat allows only [a-zA-Z0-9], up to 128 bytes), bound to this browser.</summary>
    public string Start(HttpContext context, string returnUrl)
    {
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(StateLength / 2));
        var issued = _time.GetUtcNow().ToUnixTimeSeconds();
        var value = string.Join('.',
            issued.ToString(CultureInfo.InvariantCulture),
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(returnUrl)),
            Base64Url.EncodeToString(Mac(issued, returnUrl, state)));
        context.Response.Cookies.Append(CookieName, value, Options(context, Lifetime));
        return state;
    }

    /// <summary>
    /// The return path the sign-in started with when <paramref name="state"/> is the one this browser was
    /// given less than <see cref="Lifetime"/> ago; otherwise null. The cookie is spent either way.
    /// </summary>
    public string? Finish(HttpContext context, string? state)
    {
        var cookie = context.Request.Cookies[CookieName];
        context.Response.Cookies.Delete(CookieName, Options(context, maxAge: null));

        var refusal = Check(cookie, state, out var returnUrl);
        if (refusal is null)
        {
            return returnUrl;
        }

        StateRefused(_logger, refusal);
        return null;
    }

    private string? Check(string? cookie, string? state, out string returnUrl)
    {
        returnUrl = "/";
        if (string.IsNullOrEmpty(cookie))
        {
            return "no state cookie";
        }

        if (string.IsNullOrEmpty(state))
        {
            return "no state in the callback";
        }

        if (state.Length != StateLength || !state.All(char.IsAsciiHexDigitLower))
        {
            return "state is not one this app issues";
        }

        var parts = cookie.Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var issued)
            || !TryDecode(parts[1], out var returnBytes)
            || !TryDecode(parts[2], out var mac))
        {
            return "malformed state cookie";
        }

        var path = Encoding.UTF8.GetString(returnBytes);
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(issued, path, state)))
        {
            return "state does not match this browser";
        }

        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued);
        if (age > Lifetime || age < -TimeSpan.FromMinutes(1))
        {
            return "state expired";
        }

        // Checked when the cookie was written too; checked again so a path can only ever come from here.
        returnUrl = SafeReturnUrl.LocalPathOrRoot(path);
        return null;
    }

    private byte[] Mac(long issued, string returnUrl, string state) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{issued}|{state}|{returnUrl}"));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length > 4096 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    // Only as wide as the two routes that need it; Lax, so WeChat's top-level redirect back still carries it.
    private static CookieOptions Options(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = WeChatSignInApi.WebSignInPath,
        MaxAge = maxAge,
        IsEssential = true,
    };

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "WeChat sign-in callback refused: {Reason}")]
    private static partial void StateRefused(ILogger logger, string reason);
}
