using System.Text;
using Enrollment.Core.Identity;
using Enrollment.Core.Lottery;

namespace Enrollment.Core.Tests;

/// <summary>The verifiable lottery: same inputs, same bytes on any machine; tiers, bundles, places; a verifier that misses nothing.</summary>
public sealed class LotteryTests
{
    [Fact]
    public void TheCommittedTranscriptIsRecomputedByteForByte()
    {
        // Any change to the algorithm, its encodings or the libraries under it shows here, on every machine.
        Assert.Equal(LotteryFixture.Committed, LotteryFixture.Draw().Transcript);
    }

    [Fact]
    public void TheSameInputsInAnyOrderGiveTheSameBytes()
    {
        var shuffled = LotteryFixture.Entrants.Reverse().ToList();

        var again = LotteryProtocol.Draw(LotteryProtocol.Freeze(LotteryFixture.Header, shuffled, LotteryFixture.CountyKey), LotteryFixture.Inputs);

        Assert.Equal(LotteryFixture.Draw().Transcript, again.Transcript);
        Assert.Equal(LotteryFixture.Draw().List.Bytes, again.List.Bytes);
    }

    [Fact]
    public void ADifferentLiveValueGivesADifferentOrder()
    {
        var other = LotteryProtocol.Draw(LotteryProtocol.Freeze(LotteryFixture.Header, LotteryFixture.Entrants, LotteryFixture.CountyKey), LotteryFixture.Inputs with { LiveValue = "4822" });

        Assert.NotEqual(LotteryFixture.Draw().Seed, other.Seed);
        Assert.NotEqual(LotteryFixture.Draw().Order.Select(e => e.Pseudonym), other.Order.Select(e => e.Pseudonym));
    }

    [Fact]
    public void ThePublishedListNamesNobody()
    {
        var result = LotteryFixture.Draw();
        var published = Encoding.UTF8.GetString(result.List.Bytes) + Encoding.UTF8.GetString(result.Transcript);

        Assert.All(LotteryFixture.Entrants, e => Assert.DoesNotContain(e.ApplicationId, published));
        Assert.All(LotteryFixture.Entrants, e => Assert.Contains(LotteryProtocol.Pseudonym(LotteryFixture.CountyKey, e.ApplicationId), published));
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    /// <summary>Random lists (fixed seeds): tiers first, multiples together and never split, places filled in order.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void TiersComeFirstMultiplesStayTogetherAndPlacesGoDownTheOrder(int seed)
    {
        var random = new Random(seed);
        var entrants = new List<LotteryEntrant>();
        for (var i = 0; entrants.Count < 60; i++)
        {
            var size = random.Next(10) switch { 0 => 2, 1 => 3, _ => 1 };
            var tier = random.Next(3);
            entrants.AddRange(Enumerable.Range(0, size).Select(k => new LotteryEntrant($"A{seed}-{i}-{k}", tier, size > 1 ? $"m{i}" : null)));
        }

        var places = random.Next(1, 60);
        var result = LotteryProtocol.Draw(LotteryProtocol.Freeze(new LotteryHeader("c", 2026, "s", places), entrants, LotteryFixture.CountyKey), new SeedInputs($"{seed}", "https://example.org/draw", "live"));
        var order = result.Order;

        Assert.Equal(Enumerable.Range(1, entrants.Count), order.Select(e => e.Position));
        Assert.True(order.Zip(order.Skip(1)).All(p => p.First.Tier <= p.Second.Tier), "a lower tier after a higher one");
        foreach (var bundle in order.GroupBy(e => e.Bundle))
        {
            var positions = bundle.Select(e => e.Position).ToList();
            Assert.Equal(positions.Count - 1, positions.Max() - positions.Min());
            Assert.Single(bundle.Select(e => e.Number).Distinct());
            Assert.Single(bundle.Select(e => e.Offered).Distinct());
        }

        var offered = order.TakeWhile(e => e.Offered).Count();
        Assert.Equal(offered, order.Count(e => e.Offered));
        Assert.True(offered >= Math.Min(places, order.Count), "a place left empty while someone waits");
        var lastOfferedBundle = offered == 0 ? 0 : order.Count(e => e.Bundle == order[offered - 1].Bundle);
        Assert.True(offered - places < lastOfferedBundle, "more places offered than a whole last bundle explains");
        Assert.Equal(order.Skip(offered).Select(e => e.Pseudonym), result.Waitlist.Select(e => e.Pseudonym));
    }

    [Fact]
    public void TheCommittedTranscriptVerifiesAsIdentical()
    {
        var verification = LotteryVerifier.Verify(LotteryFixture.Committed);

        Assert.True(verification.Identical, verification.ToString());
    }

    [Fact]
    public void EverySingleChangedByteIsCaught()
    {
        var committed = LotteryFixture.Committed;
        for (var i = 0; i < committed.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x20 })
            {
                var changed = (byte[])committed.Clone();
                changed[i] ^= flip;

                var verification = LotteryVerifier.Verify(changed);

                Assert.False(verification.Identical, $"byte {i} changed from {committed[i]:x2} to {changed[i]:x2} went unnoticed");
            }
        }
    }

    [Fact]
    public void AChangedPublicValueIsShownAtTheSeed()
    {
        var text = Encoding.UTF8.GetString(LotteryFixture.Committed).Replace("+ 07", "+ 08");

        var verification = LotteryVerifier.Verify(Encoding.UTF8.GetBytes(text));

        Assert.False(verification.Identical);
        Assert.Equal(10, verification.Line);
        Assert.StartsWith("seed ", verification.Found);
        Assert.Contains("line 10", verification.ToString());
    }

    [Fact]
    public void AnApplicantMovedUpTheOrderIsShownAtTheirLine()
    {
        var lines = Encoding.UTF8.GetString(LotteryFixture.Committed).Split('\n');
        (lines[17], lines[18]) = (lines[18], lines[17]);

        var verification = LotteryVerifier.Verify(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        Assert.Equal(18, verification.Line);
    }

    [Fact]
    public void ATruncatedOrForeignFileIsNotIdentical()
    {
        Assert.False(LotteryVerifier.Verify(LotteryFixture.Committed[..200]).Identical);
        Assert.False(LotteryVerifier.Verify([]).Identical);
        Assert.False(LotteryVerifier.Verify(Encoding.UTF8.GetBytes("hello\n")).Identical);
        Assert.False(LotteryVerifier.Verify([0xff, 0xfe, 0x0a]).Identical);
    }

    [Theory]
    [InlineData("", "https://example.org", "1", "publicValue")]
    [InlineData("12 34", "not a link", "1", "publicSource")]
    [InlineData("12 34", "ftp://example.org", "1", "publicSource")]
    [InlineData("12 34", "https://example.org", "1\n2", "liveValue")]
    [InlineData("12 34 ", "https://example.org", "1", "publicValue")]
    public void TheAnnouncedValuesMustBeOneLineWithASource(string publicValue, string source, string live, string field)
    {
        var inputs = new SeedInputs(publicValue, source, live);

        Assert.Contains(field, LotteryProtocol.Validate(inputs).Keys);
        Assert.Throws<ArgumentException>(() => LotteryProtocol.Draw(LotteryProtocol.Freeze(LotteryFixture.Header, LotteryFixture.Entrants, LotteryFixture.CountyKey), inputs));
    }

    [Fact]
    public void AnApplicationEnteredTwiceCannotBeFrozen()
    {
        Assert.Throws<InvalidOperationException>(() => LotteryProtocol.Freeze(LotteryFixture.Header, [.. LotteryFixture.Entrants, LotteryFixture.Entrants[0]], LotteryFixture.CountyKey));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ClassesAreBalancedBySexAndSizeWithinTheCap(int seed)
    {
        var random = new Random(seed);
        var classes = random.Next(1, 9);
        var cap = random.Next(30, 46);
        var children = Enumerable.Range(0, random.Next(1, classes * cap + 1))
            .Select(i => new AdmittedChild($"p{seed}-{i:D4}", random.Next(2) == 0 ? Sex.Female : Sex.Male, random.Next(1, 13)))
            .ToList();
        var classSeed = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed)));

        var placements = BalancedClasses.Assign(children, classes, cap, classSeed);

        Assert.Equal(children.Select(c => c.Pseudonym).Order(), placements.Select(p => p.Pseudonym).Order());
        var sizes = Enumerable.Range(1, classes).Select(k => placements.Count(p => p.Class == k)).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"class sizes {string.Join(",", sizes)}");
        Assert.True(sizes.Max() <= cap);
        var sexOf = children.ToDictionary(c => c.Pseudonym, c => c.Sex);
        foreach (var sex in new[] { Sex.Female, Sex.Male })
        {
            var counts = Enumerable.Range(1, classes).Select(k => placements.Count(p => p.Class == k && sexOf[p.Pseudonym] == sex)).ToList();
            Assert.True(counts.Max() - counts.Min() <= 1, $"{sex} per class {string.Join(",", counts)}");
        }

        Assert.Equal(placements, BalancedClasses.Assign(children.AsEnumerable().Reverse().ToList(), classes, cap, classSeed));
    }

    [Fact]
    public void MoreChildrenThanClassesCanHoldIsRefused()
    {
        var children = Enumerable.Range(0, 46).Select(i => new AdmittedChild($"p{i}", Sex.Male, 1)).ToList();

        Assert.Throws<ArgumentException>(() => BalancedClasses.Assign(children, 1, 45, LotteryFixture.Draw().Seed));
    }
}
