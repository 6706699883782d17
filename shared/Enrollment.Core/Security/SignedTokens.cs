using System.Buffers.Text;
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
        return $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key, bytes))}";
    }

    /// <summary>The payload, or default when the token is missing, malformed or not signed with this key and purpose.</summary>
    /// <remarks>Runs on every signed-in request: spans, not substrings and copies.</remarks>
    public T? Read<T>(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return default;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0)
        {
            return default;
        }

        var encodedPayload = token.AsSpan(0, dot);
        var encodedSignature = token.AsSpan(dot + 1);
        Span<byte> payload = stackalloc byte[Base64Url.GetMaxDecodedLength(encodedPayload.Length)];
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        // A longer signature does not fit its buffer and fails to decode; a shorter one decodes short.
        if (!Base64Url.TryDecodeFromChars(encodedPayload, payload, out var payloadLength)
            || !Base64Url.TryDecodeFromChars(encodedSignature, signature, out var signatureLength) || signatureLength != signature.Length)
        {
            return default;
        }

        payload = payload[..payloadLength];
        HMACSHA256.HashData(_key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
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
}
