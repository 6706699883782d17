using Enrollment.Core.Security;

namespace Enrollment.Functions.Parents;

/// <summary>The parent's session as an HttpOnly cookie: the page's scripts cannot read it, other sites cannot send it.</summary>
public sealed class ParentSessionCookie(ParentSessionTokens tokens)
{
    public const string Name = "enrollment_session";

    public ParentSession? Read(HttpRequest request) => tokens.Read(request.Cookies[Name]);

    public void Add(HttpContext context, ApplicationReference reference)
    {
        var token = tokens.Issue(Read(context.Request), reference);
        context.Response.Cookies.Append(Name, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = ParentSessionTokens.Lifetime,
            IsEssential = true,
        });
    }
}
