using Enrollment.Core.Applications;
using Enrollment.Core.Outside;

namespace Enrollment.Core.Tests;

/// <summary>Every value a subscribe message carries is one WeChat accepts for its keyword's kind (else errcode 47003 refuses the message).</summary>
public sealed class SubscribeMessageValuesTests
{
    public static TheoryData<ApplicationStatus> Statuses() => [.. Enum.GetValues<ApplicationStatus>()];

    [Theory]
    [MemberData(nameof(Statuses))]
    public void EveryStateIsAPhraseOfAtMostFiveChineseCharacters(ApplicationStatus status) =>
        Assert.True(SubscribeMessageValues.IsPhrase(StatusGuide.Phrase(status)), $"{status}: \"{StatusGuide.Phrase(status)}\"");

    [Fact]
    public void ThePlaceOfferedIsSaidInFiveCharactersNotTheEightOfItsStatusText()
    {
        Assert.False(SubscribeMessageValues.IsPhrase(StatusGuide.For(ApplicationStatus.Offered).Text));
        Assert.Equal("待确认学位", StatusGuide.Phrase(ApplicationStatus.Offered));
    }

    [Theory]
    [InlineData("示范县城关第一小学", "示范县城关第一小学")]
    [InlineData("示范县城关镇第一中心小学附属实验学校东校区", "示范县城关镇第一中心小学附属实验学校东…")]
    public void ASchoolNameIsAThingOfAtMostTwentyCharacters(string name, string expected)
    {
        Assert.Equal(expected, SubscribeMessageValues.Thing(name));
        Assert.True(SubscribeMessageValues.IsThing(SubscribeMessageValues.Thing(name)));
    }

    [Fact]
    public void ADeadlineIsATimeWithItsDateInBeijing() =>
        Assert.Equal("2026年8月9日 18:00", SubscribeMessageValues.Time(new DateTimeOffset(2026, 8, 9, 10, 0, 0, TimeSpan.Zero)));
}
