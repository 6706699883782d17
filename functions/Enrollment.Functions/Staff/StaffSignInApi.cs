using Enrollment.Core.Staff;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Staff;

/// <summary>Staff sign-in with a password (and a TOTP code for bureau officers), who am I, and sign-out.</summary>
public static class StaffSignInApi
{
    public const string SignInPolicy = "staff-sign-in";

    public static IEndpointRouteBuilder MapStaffSignInApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff").WithTags("Staff");
        api.MapPost("/sign-in", SignInAsync).RequireRateLimiting(SignInPolicy)
            .WithName("StaffSignIn")
            .WithSummary("Sign in with name and password; bureau officers also send the code from their authenticator app.");
        api.MapPost("/sign-out", SignOutAsync).RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithName("StaffSignOut")
            .WithSummary("End every session of the signed-in account.");
        api.MapGet("/me", Me).RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithName("StaffMe")
            .WithSummary("The signed-in member of staff, their role and scope.");
        return app;
    }

    public static async Task<Results<Ok<StaffView>, ProblemHttpResult>> SignInAsync(
        StaffSignInRequest request, HttpContext context, StaffSignIn signIn, StaffSessionTokens tokens, CancellationToken cancellationToken)
    {
        var outcome = await signIn.SignInAsync(request.Name ?? "", request.Password ?? "", request.Code, cancellationToken);
        switch (outcome)
        {
            case StaffSignInOutcome.SignedIn signedIn:
                var account = signedIn.Account;
                StaffAuthenticationHandler.WriteCookie(context, tokens.Issue(account));
                return TypedResults.Ok(StaffView.From(account));
            case StaffSignInOutcome.SecondFactorRequired:
                return Problems.Problem(StatusCodes.Status401Unauthorized, "second-factor-required", "请输入动态验证码",
                    "教育局账号登录需要身份验证器应用中的6位动态验证码。");
            case StaffSignInOutcome.LockedOut locked:
                return Problems.Problem(StatusCodes.Status403Forbidden, "account-locked", "账号已暂时锁定",
                    $"连续输错次数过多，账号已锁定至 {locked.Until.ToOffset(Core.Rules.Window.ChinaStandardOffset):HH:mm}（北京时间），请稍后再试或联系教育局管理员。",
                    new Dictionary<string, object?> { ["lockedUntil"] = locked.Until });
            default:
                return Problems.Problem(StatusCodes.Status401Unauthorized, "sign-in-refused", "登录失败",
                    "用户名、密码或动态验证码不正确。连续输错5次账号将锁定15分钟。");
        }
    }

    public static async Task<NoContent> SignOutAsync(SignedInStaff staff, HttpContext context, StaffSignIn signIn, CancellationToken cancellationToken)
    {
        await signIn.EndSessionsAsync(staff.Account.Id, cancellationToken);
        StaffAuthenticationHandler.DeleteCookie(context);
        return TypedResults.NoContent();
    }

    public static Ok<StaffView> Me(SignedInStaff staff) => TypedResults.Ok(StaffView.From(staff));
}

public sealed record StaffSignInRequest(string? Name, string? Password, string? Code);

/// <summary>What the staff pages need to know about who is signed in.</summary>
public sealed record StaffView(string Id, string DisplayName, StaffRole Role, string CountyId, IReadOnlyList<string> SchoolIds)
{
    public static StaffView From(StaffAccount account) => new(account.Id, account.DisplayName, account.Role, account.CountyId, account.SchoolIds);
}
