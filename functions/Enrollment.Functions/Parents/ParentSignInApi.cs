using Enrollment.Core.Parents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Parents;

public sealed record DevelopmentSignInRequest(string? Mobile);

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
        api.MapPost("/sign-out", SignOut)
            .WithName("SignOut").WithSummary("End the session on this phone.");
        if (developmentSignIn)
        {
            api.MapPost("/sign-in/development", DevelopmentSignInAsync)
                .WithName("DevelopmentSignIn").WithSummary("Local runs and tests only: sign in with a mobile number and no code.");
        }

        return api;
    }

    public static async Task<Results<Ok<MeView>, ProblemHttpResult>> GetMeAsync(HttpContext context, ParentAccounts accounts, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(context.ParentSession().ParentId, cancellationToken);
        return account is null ? Problems.Problems.SignInRequired() : TypedResults.Ok(MeView.From(account));
    }

    public static async Task<Results<Ok<MeView>, ProblemHttpResult>> ConsentAsync(ConsentRequest request, HttpContext context, ParentAccounts accounts, CancellationToken cancellationToken)
    {
        var account = await accounts.ConsentAsync(context.ParentSession().ParentId, request.Version, cancellationToken);
        return account is null ? Problems.Problems.ConsentOutdated() : TypedResults.Ok(MeView.From(account));
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
            return Problems.Problems.Invalid(new Dictionary<string, string[]> { ["mobile"] = ["请填写11位手机号码。"] });
        }

        var account = await accounts.SignInAsync(SignInMethod.Development, mobile!, mobile, cancellationToken);
        cookie.SignIn(context, account);
        return TypedResults.Ok(MeView.From(account));
    }
}
