using Enrollment.Core.Parents;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Parents;

public sealed record DevelopmentSignInRequest(string? Mobile);

public sealed record SmsCodeRequest(string? Mobile);

public sealed record SmsSignInRequest(string? Mobile, string? Code);

public sealed record SmsCodeSentView(int ValidForSeconds, int ResendAfterSeconds);

public sealed record ConsentRequest(string? Version);

/// <summary>Who is signed in, as the page needs it: no identity in the clear.</summary>
public sealed record MeView(string Method, string? MobileMasked, bool ConsentRequired, string ConsentVersion, int Applications)
{
    public static MeView From(ParentAccount account) => new(
        account.Method.ToString(),
        account.MobileMasked,
        !account.HasConsented(ConsentText.CurrentVersion),
        ConsentText.CurrentVersion,
        account.Applications.Count);
}

public sealed class ParentSignInOptions
{
    public const string Section = "SignIn";

    /// <summary>Sign in with any mobile number and no code. Refused at start-up outside Development and Testing.</summary>
    public bool DevelopmentEnabled { get; set; }

    public static bool IsAllowedIn(IHostEnvironment environment) => environment.IsDevelopment() || environment.IsEnvironment("Testing");
}

/// <summary>Sign-in, sign-out, consent and "who am I" for parents.</summary>
public static class ParentSignInApi
{
    public static RouteGroupBuilder MapParentSignInApi(this IEndpointRouteBuilder app, bool developmentSignIn)
    {
        var api = app.MapGroup("/api/parent").WithTags("Parents");

        api.MapGet("/me", GetMeAsync).RequireAuthorization(ParentAuthenticationHandler.Policy)
            .WithName("GetMe").WithSummary("The signed-in parent: sign-in method, masked mobile, whether consent is still needed.");
        api.MapPost("/consent", ConsentAsync).RequireAuthorization(ParentAuthenticationHandler.Policy)
            .WithName("GiveConsent").WithSummary("Record the guardian's consent to the current text.");
        api.MapPost("/sign-in/sms/code", SendSmsCodeAsync).RequireRateLimiting(SmsCodePolicy)
            .WithName("SendSmsCode").WithSummary("Text a 6-digit sign-in code to a mobile number (valid 5 minutes; one a minute, ten a day).");
        api.MapPost("/sign-in/sms", SmsSignInAsync)
            .WithName("SmsSignIn").WithSummary("Sign in with the mobile number and the code texted to it; a code works once.");
        api.MapPost("/sign-out", SignOut)
            .WithName("SignOut").WithSummary("End the session on this phone.");
        if (developmentSignIn)
        {
            api.MapPost("/sign-in/development", DevelopmentSignInAsync)
                .WithName("DevelopmentSignIn").WithSummary("Local runs and tests only: sign in with a mobile number and no code.");
        }

        return api;
    }

    /// <summary>Per client address, on top of the per-number limits: a bot cannot walk through numbers.</summary>
    public const string SmsCodePolicy = "sms-code";

    public static async Task<Results<Accepted<SmsCodeSentView>, ValidationProblem, ProblemHttpResult>> SendSmsCodeAsync(
        SmsCodeRequest request, HttpContext context, SmsSignIn sms, CancellationToken cancellationToken)
    {
        var outcome = await sms.SendCodeAsync(request.Mobile, cancellationToken);
        switch (outcome)
        {
            case SendCodeOutcome.Sent sent:
                return TypedResults.Accepted((string?)null, new SmsCodeSentView((int)sent.ValidFor.TotalSeconds, (int)SmsSignIn.ResendInterval.TotalSeconds));
            case SendCodeOutcome.InvalidMobile:
                return Problems.Invalid(new Dictionary<string, string[]> { ["mobile"] = ["请填写11位手机号码。"] });
            case SendCodeOutcome.TooSoon soon:
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(soon.RetryAfter.TotalSeconds)).ToString();
                return Problems.Problem(StatusCodes.Status429TooManyRequests, "code-too-soon", "验证码已发送",
                    $"请查看短信，{(int)Math.Ceiling(soon.RetryAfter.TotalSeconds)}秒后可以重新获取。");
            case SendCodeOutcome.DailyLimitReached:
                return Problems.Problem(StatusCodes.Status429TooManyRequests, "code-daily-limit", "今天获取验证码的次数太多",
                    "为保护您的手机号码，今天不能再发送验证码。请明天再试，或到线下服务点办理。");
            default:
                context.Response.Headers.RetryAfter = "60";
                return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "sms-unavailable", "短信暂时发不出去",
                    "短信服务繁忙，请1分钟后再试。报名期间任何时间提交都一样，提交先后不影响录取。");
        }
    }

    public static async Task<Results<Ok<MeView>, ValidationProblem>> SmsSignInAsync(
        SmsSignInRequest request, HttpContext context, SmsSignIn sms, ParentSessionCookie cookie, CancellationToken cancellationToken)
    {
        var outcome = await sms.VerifyAsync(request.Mobile, request.Code, cancellationToken);
        switch (outcome)
        {
            case VerifyCodeOutcome.SignedIn signedIn:
                cookie.SignIn(context, signedIn.Account);
                return TypedResults.Ok(MeView.From(signedIn.Account));
            case VerifyCodeOutcome.WrongCode wrong when wrong.AttemptsLeft > 0:
                return Problems.Invalid(new Dictionary<string, string[]> { ["code"] = [$"验证码不对，还可以再试{wrong.AttemptsLeft}次。"] });
            default:
                return Problems.Invalid(new Dictionary<string, string[]> { ["code"] = ["验证码已失效，请重新获取。"] });
        }
    }

    public static async Task<Results<Ok<MeView>, ProblemHttpResult>> GetMeAsync(SignedInParent parent, ParentAccounts accounts, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(parent.ParentId, cancellationToken);
        return account is null ? Problems.SignInRequired() : TypedResults.Ok(MeView.From(account));
    }

    public static async Task<Results<Ok<MeView>, ProblemHttpResult>> ConsentAsync(ConsentRequest request, SignedInParent parent, ParentAccounts accounts, CancellationToken cancellationToken)
    {
        var account = await accounts.ConsentAsync(parent.ParentId, request.Version, cancellationToken);
        return account is null ? Problems.ConsentOutdated() : TypedResults.Ok(MeView.From(account));
    }

    public static NoContent SignOut(HttpContext context)
    {
        ParentSessionCookie.SignOut(context);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MeView>, ValidationProblem>> DevelopmentSignInAsync(
        DevelopmentSignInRequest request, HttpContext context, ParentAccounts accounts, ParentSessionCookie cookie, CancellationToken cancellationToken)
    {
        var mobile = request.Mobile?.Trim();
        if (!Core.Applications.ApplicationFormValidation.IsValidMobile(mobile))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["mobile"] = ["请填写11位手机号码。"] });
        }

        var account = await accounts.SignInAsync(SignInMethod.Development, mobile!, mobile, cancellationToken);
        cookie.SignIn(context, account);
        return TypedResults.Ok(MeView.From(account));
    }
}
