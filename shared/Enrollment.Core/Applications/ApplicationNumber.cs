using System.Security.Cryptography;

namespace Enrollment.Core.Applications;

/// <summary>
/// Application numbers are random (100 bits, Crockford base32) so that nobody can reach another
/// family's application by counting; grouped in fours so a parent can read one out on the phone.
/// </summary>
public static class ApplicationNumber
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 20;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return Format(bytes);
    }

    /// <summary>The number one step always gives for the same input (so repeating the step finds its own application); as unguessable as the input.</summary>
    public static string Derived(string input) => Format(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(input)));

    private static string Format(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[Length + (Length / 4) - 1];
        var c = 0;
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                chars[c++] = '-';
            }

            chars[c++] = Alphabet[bytes[i] & 31];
        }

        return new string(chars);
    }

    public static bool IsWellFormed(string? value) =>
        value is { Length: Length + (Length / 4) - 1 }
        && value.Select((ch, i) => (i + 1) % 5 == 0 ? ch == '-' : Alphabet.Contains(ch)).All(ok => ok);
}
