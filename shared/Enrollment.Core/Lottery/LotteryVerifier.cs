using System.Globalization;
using System.Text;

namespace Enrollment.Core.Lottery;

/// <summary>Identical, or the first line (1-based) where the published transcript and the recomputation part.</summary>
public sealed record LotteryVerification(bool Identical, int? Line = null, string? Expected = null, string? Found = null, string? Problem = null)
{
    public override string ToString() =>
        Identical ? "一致 identical"
        : Problem is not null ? $"不一致 differs: {Problem}"
        : $"不一致 differs at line {Line}:\n  recomputed: {Expected}\n  published:  {Found}";
}

/// <summary>
/// Recomputes a lottery from its published transcript alone: the list hash from the listed applicants, the seed
/// from the hash and the announced values, every number, the order and the outcome, and the transcript's own
/// hash; then compares the recomputed transcript with the published one byte for byte.
/// </summary>
public static class LotteryVerifier
{
    public static LotteryVerification Verify(byte[] transcript)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(transcript);
        }
        catch (DecoderFallbackException)
        {
            return Problem("the file is not UTF-8 text.");
        }

        if (!text.EndsWith('\n'))
        {
            return Problem("the last line does not end with a line feed.");
        }

        var lines = text[..^1].Split('\n');
        var reader = new Lines(lines);
        try
        {
            if (reader.Next() != $"{LotteryProtocol.Algorithm} transcript")
            {
                return Problem($"line 1 should read \"{LotteryProtocol.Algorithm} transcript\"; this verifier knows only that algorithm.");
            }

            var header = new LotteryHeader(reader.Field("county"), reader.Number("year"), reader.Field("school"), reader.Number("places"));
            reader.Field("list-sha256");
            var inputs = new SeedInputs(reader.Field("public-value"), reader.Field("public-source"), reader.Field("live-value"));
            reader.Field("seed");
            var count = reader.Number("applicants");
            var entries = new List<FrozenEntry>(count);
            for (var i = 0; i < count; i++)
            {
                var parts = reader.Next().Split(' ');
                if (parts.Length != 6)
                {
                    return Problem($"line {reader.Position} should hold position, pseudonym, tier, bundle, number and outcome.");
                }

                entries.Add(new FrozenEntry(parts[1], Lines.Parse(parts[2], reader.Position), parts[3]));
            }

            var list = new FrozenList(header, entries.OrderBy(e => e.Pseudonym, StringComparer.Ordinal).ToList());
            var seed = LotteryProtocol.Seed(list.Sha256, inputs);
            var recomputed = Encoding.UTF8.GetString(LotteryProtocol.Transcript(list, inputs, seed, LotteryProtocol.Order(list, seed)))[..^1].Split('\n');
            for (var i = 0; i < Math.Max(recomputed.Length, lines.Length); i++)
            {
                var expected = i < recomputed.Length ? recomputed[i] : "(end of transcript)";
                var found = i < lines.Length ? lines[i] : "(end of transcript)";
                if (!string.Equals(expected, found, StringComparison.Ordinal))
                {
                    return new LotteryVerification(false, i + 1, expected, found);
                }
            }

            return new LotteryVerification(true);
        }
        catch (FormatException e)
        {
            return Problem(e.Message);
        }
    }

    private static LotteryVerification Problem(string problem) => new(false, Problem: problem);

    private sealed class Lines(string[] lines)
    {
        public int Position { get; private set; }

        public string Next() => Position < lines.Length ? lines[Position++] : throw new FormatException($"the transcript ends early, at line {Position + 1}.");

        public string Field(string name)
        {
            var line = Next();
            return line.StartsWith(name + " ", StringComparison.Ordinal)
                ? line[(name.Length + 1)..]
                : throw new FormatException($"line {Position} should start with \"{name} \".");
        }

        public int Number(string name) => Parse(Field(name), Position);

        public static int Parse(string value, int line) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"line {line} holds \"{value}\" where a whole number belongs.");
    }
}
