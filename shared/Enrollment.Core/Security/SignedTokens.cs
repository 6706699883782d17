using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Enrollment.Core.Security;

/// <summary>
/// Signs a small JSON payload (HMAC-SHA256) so it can travel in a cookie: nobody can forge or alter
/// it. Each purpose derives its own key, so a parent's token is never accepted as a staff one.
/// </summary>
public sealed class SignedTokens(byte[] signingKey, string purpose)
{
    private const int MaxLength = 4096;
    private readonly byte[] _key = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(purpose));

    public string Sign<T>(T payload)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
        return $"{Base64Url(bytes)}.{Base64Url(HMACSHA256.HashData(_key, bytes))}";
    }

    /// <summary>The payload, or default when the token is missing, malformed or not signed with this key and purpose.</summary>
    public T? Read<T>(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return default;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || !TryFromBase64Url(token[..dot], out var payload) || !TryFromBase64Url(token[(dot + 1)..], out var signature)
            || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(payload);
        }
        catch (JsonException)
        {
            return default;
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
