using Enrollment.Core.Lottery;

namespace Enrollment.Core.Tests;

/// <summary>
/// The inputs of the committed transcript (fixtures/lottery-transcript-v1.txt): a private school with 5 places,
/// 12 applicants in two tiers (siblings at the school first), one pair of twins and one set of triplets.
/// </summary>
public static class LotteryFixture
{
    public static readonly byte[] CountyKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    public static readonly LotteryHeader Header = new("demo", 2026, "demo-201", Places: 5);

    public static readonly SeedInputs Inputs = new("2026094期 03 11 17 22 28 31 + 07", "https://www.cwl.gov.cn/ygkj/wqkjgg/ssq/", "4821");

    public static IReadOnlyList<LotteryEntrant> Entrants { get; } =
    [
        new("26DEMO0001", Tier: 0),
        new("26DEMO0002", Tier: 0),
        new("26DEMO0003", Tier: 1),
        new("26DEMO0004", Tier: 1, MultipleBirthKey: "twins-a"),
        new("26DEMO0005", Tier: 1, MultipleBirthKey: "twins-a"),
        new("26DEMO0006", Tier: 1),
        new("26DEMO0007", Tier: 1),
        new("26DEMO0008", Tier: 1, MultipleBirthKey: "triplets-b"),
        new("26DEMO0009", Tier: 1, MultipleBirthKey: "triplets-b"),
        new("26DEMO0010", Tier: 1, MultipleBirthKey: "triplets-b"),
        new("26DEMO0011", Tier: 1),
        new("26DEMO0012", Tier: 1),
    ];

    public static LotteryResult Draw() => LotteryProtocol.Draw(LotteryProtocol.Freeze(Header, Entrants, CountyKey), Inputs);

    public static byte[] Committed => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "lottery-transcript-v1.txt"));
}
