using Enrollment.Core.Parents;
using Enrollment.Core.Security;

namespace Enrollment.Functions.Parents;

/// <summary>The parent's session as an HttpOnly cookie: the page's scripts cannot read it, other sites cannot send it.</summary>
public sealed class ParentSessionCookie(ParentSessionTokens tokens)
{
    public const string Name = "enrollment_session";

    public ParentSession? Read(HttpRequest request) => tokens.Read(request.Cookies[Name]);

    public void SignIn(HttpContext context, ParentAccount account) => Write(context, tokens.Issue(account.Id, account.Applications));

    public void AddApplication(HttpContext context, ParentSession session, ApplicationReference reference) =>
        Write(context, tokens.Issue(session.ParentId, session.Applications.Append(reference)));

    public static void SignOut(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context));

    private static void Write(HttpContext context, string token) => context.Response.Cookies.Append(Name, token, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        MaxAge = ParentSessionTokens.Lifetime,
        IsEssential = true,
    };
}
