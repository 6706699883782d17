namespace Enrollment.Core.Security;

/// <summary>An application this phone submitted: enough for a status lookup by one point read.</summary>
public sealed record ApplicationReference(string ApplicationId, string SchoolId);

/// <summary>
/// What the parent's session cookie carries: who signed in, and their applications (so a status
/// lookup needs no other read than the application itself).
/// </summary>
public sealed record ParentSession(string ParentId, IReadOnlyList<ApplicationReference> Applications, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks parent sessions: the cookie holds no personal data, and nobody can forge or alter it.
/// </summary>
public sealed class ParentSessionTokens(byte[] signingKey, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private const int MaxApplications = 10;
    private readonly SignedTokens _tokens = new(signingKey, "parent-session");

    public string Issue(string parentId, IEnumerable<ApplicationReference> applications) =>
        _tokens.Sign(new ParentSession(parentId, applications.DistinctBy(a => a.ApplicationId).TakeLast(MaxApplications).ToList(), time.GetUtcNow().Add(Lifetime)));

    public ParentSession? Read(string? token) =>
        _tokens.Read<ParentSession>(token) is { ParentId.Length: > 0 } session && session.ExpiresAt > time.GetUtcNow() ? session : null;
}
