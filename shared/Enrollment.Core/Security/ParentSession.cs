using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Enrollment.Core.Security;

/// <summary>An application this phone submitted: enough for a status lookup by one point read.</summary>
public sealed record ApplicationReference(string ApplicationId, string SchoolId);

/// <summary>
/// What the parent's session cookie carries: who signed in, and their applications (so a status
/// lookup needs no other read than the application itself).
/// </summary>
public sealed record ParentSession(string ParentId, IReadOnlyList<ApplicationReference> Applications, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks parent sessions (HMAC-SHA256): the cookie is readable by the server only in the
/// sense that nobody can forge or alter it, and it holds no personal data.
/// </summary>
public sealed class ParentSessionTokens(byte[] signingKey, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private const int MaxApplications = 10;

    public string Issue(string parentId, IEnumerable<ApplicationReference> applications)
    {
        var session = new ParentSession(parentId, applications.DistinctBy(a => a.ApplicationId).TakeLast(MaxApplications).ToList(), time.GetUtcNow().Add(Lifetime));
        var payload = JsonSerializer.SerializeToUtf8Bytes(session);
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(signingKey, payload))}";
    }

    public ParentSession? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || !TryFromBase64Url(token[..dot], out var payload) || !TryFromBase64Url(token[(dot + 1)..], out var signature))
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(signingKey, payload), signature))
        {
            return null;
        }

        try
        {
            var session = JsonSerializer.Deserialize<ParentSession>(payload);
            return session is { ParentId.Length: > 0 } && session.ExpiresAt > time.GetUtcNow() ? session : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
