using System.Security.Claims;
using System.Text.Encodings.Web;
using Enrollment.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Parents;

/// <summary>
/// Signs parents in from their session cookie. A missing, forged or expired cookie is simply no
/// parent: the route answers 401 as ProblemDetails, and the page offers sign-in again.
/// </summary>
public sealed class ParentAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ParentSessionCookie cookie) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Parent";
    public const string Policy = "Parent";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (cookie.Read(Request) is not { } session)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Context.Features.Set(session);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, session.ParentId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

public static class ParentSessionHttpContextExtensions
{
    /// <summary>The signed-in parent's session; only on routes that require the parent policy.</summary>
    public static ParentSession ParentSession(this HttpContext context) =>
        context.Features.Get<ParentSession>() ?? throw new InvalidOperationException("This route does not require a signed-in parent.");
}

/// <summary>The signed-in parent as a handler parameter: it binds itself from the request on routes that require the parent policy.</summary>
public sealed record SignedInParent(ParentSession Session)
{
    public string ParentId => Session.ParentId;

    /// <summary>The applications this phone's session holds, so their status reads need no account lookup.</summary>
    public IReadOnlyList<ApplicationReference> Applications => Session.Applications;

    public static ValueTask<SignedInParent?> BindAsync(HttpContext context) => ValueTask.FromResult<SignedInParent?>(new(context.ParentSession()));
}
