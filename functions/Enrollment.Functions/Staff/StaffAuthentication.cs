using System.Security.Claims;
using System.Text.Encodings.Web;
using Enrollment.Core.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Staff;

/// <summary>
/// Signs staff in from the staff session cookie (password accounts) or, in Azure, from the Entra ID
/// token App Service authentication forwards. Either way the account is read on every request, so a
/// disabled account, a changed role or a sign-out applies to the very next request.
/// </summary>
public sealed class StaffAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaffSessionTokens tokens,
    IStaffStore store,
    EntraPrincipal entra) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Staff";
    public const string Policy = "Staff";
    public const string CookieName = "enrollment_staff";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var account = await FromCookieAsync() ?? await FromEntraAsync();
        if (account is null || account.Disabled)
        {
            return AuthenticateResult.NoResult();
        }

        Context.Features.Set(account);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account.Id), new Claim(ClaimTypes.Role, account.Role.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private async Task<StaffAccount?> FromCookieAsync()
    {
        if (tokens.Read(Request.Cookies[CookieName]) is not { } session)
        {
            return null;
        }

        var account = await store.GetAsync(session.StaffId, Context.RequestAborted);
        return account?.SessionStamp == session.SessionStamp ? account : null;
    }

    private async Task<StaffAccount?> FromEntraAsync() =>
        await entra.SignInNameAsync(Request.Headers, Context.RequestAborted) is { } name ? await store.GetAsync(StaffAccount.NormalizeId(name), Context.RequestAborted) : null;

    public static void WriteCookie(HttpContext context, string token) => context.Response.Cookies.Append(CookieName, token, CookieOptions(context));

    public static void DeleteCookie(HttpContext context) => context.Response.Cookies.Delete(CookieName, CookieOptions(context));

    // Strict: staff actions change children's applications, so no other site may ever send this cookie.
    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = StaffSessionTokens.Lifetime,
        IsEssential = true,
    };
}

public static class StaffHttpContextExtensions
{
    /// <summary>The signed-in member of staff; only on routes that require the staff policy.</summary>
    public static StaffAccount Staff(this HttpContext context) =>
        context.Features.Get<StaffAccount>() ?? throw new InvalidOperationException("This route does not require signed-in staff.");
}

/// <summary>
/// The signed-in member of staff as a handler parameter: it binds itself from the request on routes that
/// require the staff policy, and stands wherever a <see cref="StaffAccount"/> is asked for.
/// </summary>
public sealed record SignedInStaff(StaffAccount Account)
{
    public static ValueTask<SignedInStaff?> BindAsync(HttpContext context) => ValueTask.FromResult<SignedInStaff?>(new(context.Staff()));

    public static implicit operator StaffAccount(SignedInStaff staff) => staff.Account;
}
