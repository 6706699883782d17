using System.Security.Cryptography;
using System.Text;

namespace Enrollment.Core.Security;

/// <summary>
/// Keeps identity numbers and phone numbers out of plain storage: a keyed hash where only matching
/// is needed (the child claim), AES-GCM where the school must read the value back later.
/// </summary>
public sealed class PersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _hashKey;
    private readonly byte[] _encryptionKey;

    public PersonalDataProtector(byte[] hashKey, byte[] encryptionKey)
    {
        if (hashKey.Length < 32 || encryptionKey.Length != 32)
        {
            throw new ArgumentException("The hash key needs at least 32 bytes and the encryption key exactly 32.");
        }

        _hashKey = hashKey;
        _encryptionKey = encryptionKey;
    }

    /// <summary>The id of the claim "this child applied in this year": same child and year, same id; nothing else learns the number.</summary>
    public string ChildClaimId(string identityNumber, int enrollmentYear) => KeyedHash($"child-claim|{enrollmentYear}|{identityNumber}");

    /// <summary>An account id from a sign-in identity (mobile number, openid, government subject).</summary>
    public string AccountId(Parents.SignInMethod method, string subject) =>
        $"{method.ToString().ToLowerInvariant()}-{KeyedHash($"account|{method}|{subject}")[..40]}";

    /// <summary>A lookup key for a value that must be matched but never stored, such as a mobile number awaiting its code.</summary>
    public string KeyedHash(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value)));

    /// <summary>
    /// The code printed on a paper the family carries (a registration receipt, an admission notice): ten characters a
    /// clerk can read out, which only this service can make, so a school tells a genuine paper from a copied layout
    /// without anything stored.
    /// </summary>
    public string PaperCode(string purpose, string countyId, string applicationId) => KeyedHash($"{purpose}|{countyId}|{applicationId}")[..10].ToUpperInvariant();

    public bool IsPaperCode(string purpose, string countyId, string applicationId, string? code) =>
        code is { Length: 10 } && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(PaperCode(purpose, countyId, applicationId)), Encoding.ASCII.GetBytes(code.ToUpperInvariant()));

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(output);
    }

    public string Decrypt(string ciphertext)
    {
        var input = Convert.FromBase64String(ciphertext);
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
