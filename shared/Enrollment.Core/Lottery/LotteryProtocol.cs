using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Enrollment.Core.Lottery;

/// <summary>
/// One eligible applicant as the bureau freezes them: the application, its priority tier (lower is drawn first)
/// and, for twins and other multiples, a key the siblings share so they are drawn as one.
/// </summary>
public sealed record LotteryEntrant(string ApplicationId, int Tier, string? MultipleBirthKey = null);

/// <summary>What is drawn for: one school's places in one year, under one algorithm.</summary>
public sealed record LotteryHeader(string CountyId, int Year, string SchoolId, int Places);

/// <summary>A frozen applicant as published: a pseudonym, the tier and the pseudonym of the bundle drawn as one.</summary>
public sealed record FrozenEntry(string Pseudonym, int Tier, string Bundle);

/// <summary>
/// The list frozen at the lottery time, before any random value exists. Its canonical bytes (UTF-8, LF line
/// ends, see <see cref="LotteryProtocol.ListBytes"/>) and their SHA-256 are published before the draw.
/// </summary>
public sealed record FrozenList(LotteryHeader Header, IReadOnlyList<FrozenEntry> Entries)
{
    public byte[] Bytes { get; } = LotteryProtocol.ListBytes(Header, Entries);

    public string Sha256 => field ??= Convert.ToHexStringLower(SHA256.HashData(Bytes));
}

/// <summary>The two random values announced in advance: a public one that did not exist at the freeze (with where to check it) and one drawn live.</summary>
public sealed record SeedInputs(string PublicValue, string PublicSource, string LiveValue);

/// <summary>An applicant's draw: the bundle's number, the place in the order (1-based) and whether a place is offered.</summary>
public sealed record DrawnEntry(string Pseudonym, int Tier, string Bundle, string Number, int Position, bool Offered);

public sealed record LotteryResult(FrozenList List, SeedInputs Inputs, string Seed, IReadOnlyList<DrawnEntry> Order, byte[] Transcript)
{
    public IEnumerable<DrawnEntry> Offered => Order.Where(e => e.Offered);

    public IEnumerable<DrawnEntry> Waitlist => Order.Where(e => !e.Offered);
}

/// <summary>
/// The verifiable lottery (电脑随机派位), version <see cref="Algorithm"/>:
/// <list type="number">
/// <item>Freeze: each applicant's pseudonym is HMAC-SHA256(county key, "applicant\n" + application id), first 16 hex
/// digits; multiples are bundled under their smallest pseudonym and drawn in their best tier; the list is sorted by
/// pseudonym and published with its SHA-256.</item>
/// <item>Seed = SHA-256 of the UTF-8 text "list hash hex\npublic value\nlive value".</item>
/// <item>Each bundle's number = HMAC-SHA256(seed bytes, UTF-8 bundle pseudonym), hex; order by tier, then number.</item>
/// <item>Places go down the order; a bundle is admitted whole while at least one place remains (twins are never
/// split), so the plan may be exceeded by a bundle's size less one; everyone after waits, in order.</item>
/// </list>
/// Everything is integers and lower-case hex in a line format, so the same inputs give the same bytes on any machine.
/// </summary>
public static class LotteryProtocol
{
    public const string Algorithm = "enrollment-lottery/1";
    public const int PseudonymLength = 16;
    public const int MaxValueLength = 200;

    public static string Pseudonym(byte[] countyKey, string applicationId)
    {
        using var hmac = new HMACSHA256(countyKey);
        return Pseudonym(hmac, applicationId);
    }

    private static string Pseudonym(HMACSHA256 keyed, string applicationId)
    {
        Span<byte> hash = stackalloc byte[32];
        keyed.TryComputeHash(Encoding.UTF8.GetBytes("applicant\n" + applicationId), hash, out _);
        return Convert.ToHexStringLower(hash[..(PseudonymLength / 2)]);
    }

    public static FrozenList Freeze(LotteryHeader header, IEnumerable<LotteryEntrant> entrants, byte[] countyKey)
    {
        using var keyed = new HMACSHA256(countyKey);
        var pseudonymous = entrants.Select(e => (Entrant: e, Pseudonym: Pseudonym(keyed, e.ApplicationId))).ToList();
        if (pseudonymous.Select(p => p.Pseudonym).Distinct(StringComparer.Ordinal).Count() != pseudonymous.Count)
        {
            throw new InvalidOperationException("Two applicants share a pseudonym (or one application was entered twice); the list cannot be frozen.");
        }

        // Multiples are one bundle, named by its smallest pseudonym and drawn in the best tier any of them holds.
        var bundles = pseudonymous
            .GroupBy(p => p.Entrant.MultipleBirthKey is { Length: > 0 } key ? "multiple:" + key : "single:" + p.Pseudonym, StringComparer.Ordinal)
            .SelectMany(g =>
            {
                var name = g.Select(p => p.Pseudonym).Order(StringComparer.Ordinal).First();
                var tier = g.Min(p => p.Entrant.Tier);
                return g.Select(p => new FrozenEntry(p.Pseudonym, tier, name));
            });
        return new FrozenList(header, bundles.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList());
    }

    /// <summary>Validates the announced values: plain one-line text, the public one with an http(s) address to check it at.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(SeedInputs inputs)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsOneLine(inputs.PublicValue))
        {
            errors["publicValue"] = [$"请填写公开的随机数（如当期福利彩票开奖号码），一行，不超过{MaxValueLength}个字符。"];
        }

        if (!IsOneLine(inputs.PublicSource) || !Uri.TryCreate(inputs.PublicSource, UriKind.Absolute, out var source) || source.Scheme is not ("https" or "http"))
        {
            errors["publicSource"] = ["请填写可以查到该随机数的网址，以 https:// 开头。"];
        }

        if (!IsOneLine(inputs.LiveValue))
        {
            errors["liveValue"] = [$"请填写现场产生的随机数（如现场摇出的号码），一行，不超过{MaxValueLength}个字符。"];
        }

        return errors;
    }

    public static string Seed(string listSha256, SeedInputs inputs) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{listSha256}\n{inputs.PublicValue}\n{inputs.LiveValue}")));

    public static LotteryResult Draw(FrozenList list, SeedInputs inputs)
    {
        if (Validate(inputs).Count > 0)
        {
            throw new ArgumentException("The seed inputs are not valid; check them with LotteryProtocol.Validate first.", nameof(inputs));
        }

        var seed = Seed(list.Sha256, inputs);
        var order = Order(list, seed);
        return new LotteryResult(list, inputs, seed, order, Transcript(list, inputs, seed, order));
    }

    internal static List<DrawnEntry> Order(FrozenList list, string seed)
    {
        var seedBytes = Convert.FromHexString(seed);
        using var hmac = new HMACSHA256(seedBytes);
        var bundles = list.Entries
            .GroupBy(e => e.Bundle, StringComparer.Ordinal)
            .Select(g => (Bundle: g.Key, g.First().Tier, Number: Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(g.Key))), Members: g.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList()))
            .OrderBy(b => b.Tier).ThenBy(b => b.Number, StringComparer.Ordinal).ThenBy(b => b.Bundle, StringComparer.Ordinal)
            .ToList();

        var order = new List<DrawnEntry>(list.Entries.Count);
        var remaining = list.Header.Places;
        foreach (var bundle in bundles)
        {
            var offered = remaining > 0;
            remaining -= offered ? bundle.Members.Count : 0;
            order.AddRange(bundle.Members.Select(m => new DrawnEntry(m.Pseudonym, m.Tier, m.Bundle, bundle.Number, order.Count + 1, offered)));
        }

        return order;
    }

    /// <summary>The list as published and hashed: a header, then one "pseudonym tier bundle" line per applicant.</summary>
    public static byte[] ListBytes(LotteryHeader header, IEnumerable<FrozenEntry> entries)
    {
        var text = new StringBuilder();
        AppendHeader(text, "list", header);
        foreach (var e in entries)
        {
            text.Append(e.Pseudonym).Append(' ').Append(e.Tier.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(e.Bundle).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads a list back from its published bytes (as stored at the freeze); null when they are not a list of this algorithm.</summary>
    public static FrozenList? ParseList(byte[] bytes)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        if (lines.Length < 6 || lines[0] != $"{Algorithm} list" || lines[^1] != "")
        {
            return null;
        }

        static string? Field(string line, string name) => line.StartsWith(name + " ", StringComparison.Ordinal) ? line[(name.Length + 1)..] : null;
        if (Field(lines[1], "county") is not { } county || Field(lines[2], "school") is not null || Field(lines[2], "year") is not { } yearText
            || Field(lines[3], "school") is not { } school || Field(lines[4], "places") is not { } placesText
            || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(placesText, NumberStyles.None, CultureInfo.InvariantCulture, out var places))
        {
            return null;
        }

        var entries = new List<FrozenEntry>(lines.Length - 6);
        foreach (var line in lines[5..^1])
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tier))
            {
                return null;
            }

            entries.Add(new FrozenEntry(parts[0], tier, parts[2]));
        }

        var list = new FrozenList(new LotteryHeader(county, year, school, places), entries);
        return list.Bytes.AsSpan().SequenceEqual(bytes) ? list : null;
    }

    /// <summary>
    /// The transcript: everything needed to redo the draw (header, list hash, inputs, seed) and everything it gave
    /// (each applicant in order with number, position and outcome), ending with the SHA-256 of the lines above it.
    /// </summary>
    internal static byte[] Transcript(FrozenList list, SeedInputs inputs, string seed, IReadOnlyList<DrawnEntry> order)
    {
        var text = new StringBuilder();
        AppendHeader(text, "transcript", list.Header);
        text.Append("list-sha256 ").Append(list.Sha256).Append('\n');
        text.Append("public-value ").Append(inputs.PublicValue).Append('\n');
        text.Append("public-source ").Append(inputs.PublicSource).Append('\n');
        text.Append("live-value ").Append(inputs.LiveValue).Append('\n');
        text.Append("seed ").Append(seed).Append('\n');
        text.Append("applicants ").Append(order.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var e in order)
        {
            text.Append(e.Position.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(e.Pseudonym).Append(' ')
                .Append(e.Tier.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(e.Bundle).Append(' ').Append(e.Number).Append(' ')
                .Append(e.Offered ? "offered" : "waitlist").Append('\n');
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        var end = Encoding.UTF8.GetBytes($"transcript-sha256 {Convert.ToHexStringLower(SHA256.HashData(body))}\n");
        return [.. body, .. end];
    }

    private static void AppendHeader(StringBuilder text, string kind, LotteryHeader header) =>
        text.Append(Algorithm).Append(' ').Append(kind).Append('\n')
            .Append("county ").Append(header.CountyId).Append('\n')
            .Append("year ").Append(header.Year.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("school ").Append(header.SchoolId).Append('\n')
            .Append("places ").Append(header.Places.ToString(CultureInfo.InvariantCulture)).Append('\n');

    internal static bool IsOneLine(string? value) =>
        value is { Length: > 0 and <= MaxValueLength } && value.Trim() == value && !value.Any(char.IsControl);
}
