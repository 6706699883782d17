using System.Security.Cryptography;
using Enrollment.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace Enrollment.Core.Tests;

public class ParentSessionTokensTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-08-01T00:00:00Z"));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void ASessionReadsBackWithEveryApplicationAdded()
    {
        var tokens = new ParentSessionTokens(_key, _time);
        var first = tokens.Read(tokens.Issue("parent-1", [new ApplicationReference("A1", "s1")]))!;
        var both = tokens.Read(tokens.Issue(first.ParentId, first.Applications.Append(new ApplicationReference("A2", "s2"))));

        Assert.Equal("parent-1", both!.ParentId);
        Assert.Equal([new("A1", "s1"), new("A2", "s2")], both.Applications);
    }

    [Fact]
    public void AnAlteredTokenIsRejected()
    {
        var tokens = new ParentSessionTokens(_key, _time);
        var token = tokens.Issue("parent-1", [new ApplicationReference("A1", "s1")]);
        var forged = new ParentSessionTokens(RandomNumberGenerator.GetBytes(32), _time).Issue("parent-1", [new ApplicationReference("B9", "s1")]);

        Assert.Null(tokens.Read(forged));
        Assert.Null(tokens.Read(forged.Split('.')[0] + "." + token.Split('.')[1]));
        Assert.Null(tokens.Read("not-a-token"));
        Assert.Null(tokens.Read(""));
    }

    [Fact]
    public void AnExpiredTokenIsRejected()
    {
        var tokens = new ParentSessionTokens(_key, _time);
        var token = tokens.Issue("parent-1", []);
        _time.Advance(ParentSessionTokens.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Null(tokens.Read(token));
    }
}
