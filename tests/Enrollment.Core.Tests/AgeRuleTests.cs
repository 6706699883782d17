using Enrollment.Core.Rules;

namespace Enrollment.Core.Tests;

public class AgeRuleTests
{
    private readonly AgeRule _rule = AgeRule.PrimaryDefault;

    [Fact]
    public void ChildBornOn31AugustSixYearsEarlierQualifies() =>
        Assert.True(_rule.IsOldEnough(new DateOnly(2018, 8, 31), 2024));

    [Fact]
    public void ChildBornOn1SeptemberSixYearsEarlierWaitsAYear()
    {
        Assert.False(_rule.IsOldEnough(new DateOnly(2018, 9, 1), 2024));
        Assert.True(_rule.IsOldEnough(new DateOnly(2018, 9, 1), 2025));
    }

    [Fact]
    public void TheCutoffIsConfigurable()
    {
        var rule = new AgeRule(6, 12, 31);
        Assert.True(rule.IsOldEnough(new DateOnly(2018, 12, 31), 2024));
        Assert.False(rule.IsOldEnough(new DateOnly(2019, 1, 1), 2024));
    }

    [Fact]
    public void A29FebruaryCutoffFallsBackTo28FebruaryInACommonYear() =>
        Assert.Equal(new DateOnly(2018, 2, 28), new AgeRule(6, 2, 29).LatestBirthDate(2024));
}
