using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Enrollment.Core.Identity;

/// <summary>The child's sex as the student-record form codes it (1 male, 2 female).</summary>
public enum Sex
{
    Male = 1,
    Female = 2,
}

/// <summary>
/// A mainland resident identity number (居民身份证号, GB 11643-1999): 17 digits and an ISO 7064
/// MOD 11-2 check character. Birth date and sex are read from it, never asked for.
/// </summary>
public readonly record struct ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private ResidentIdNumber(string value, DateOnly birthDate, Sex sex)
    {
        Value = value;
        BirthDate = birthDate;
        Sex = sex;
    }

    public string Value { get; }

    public DateOnly BirthDate { get; }

    public Sex Sex { get; }

    /// <summary>The whole number for its first 17 digits (region, birth date, sequence): with its check character.</summary>
    public static string Complete(string first17) =>
        first17 + CheckCharacters[first17.Select((c, i) => (c - '0') * Weights[i]).Sum() % 11];

    public static bool TryParse(string? input, [NotNullWhen(true)] out ResidentIdNumber? result)
    {
        result = null;
        if (input is null)
        {
            return false;
        }

        // Parents type a lower-case x as often as an upper-case one.
        var value = input.Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }

            sum += (value[i] - '0') * Weights[i];
        }

        if (value[17] != CheckCharacters[sum % 11])
        {
            return false;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            return false;
        }

        // The 17th digit is the sequence number: odd for males, even for females.
        var sex = (value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;
        result = new ResidentIdNumber(value, birthDate, sex);
        return true;
    }

    /// <summary>The form shown in lists and logs: region and check character hidden, e.g. 110105********002X → "1101**********002X".</summary>
    public string Masked => Mask(Value);

    public static string Mask(string value) =>
        value.Length <= 8 ? new string('*', value.Length) : string.Concat(value.AsSpan(0, 4), new string('*', value.Length - 8), value.AsSpan(value.Length - 4));

    public override string ToString() => Masked;
}
