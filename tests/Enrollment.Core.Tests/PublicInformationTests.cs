using Enrollment.Core.Counties;
using Enrollment.Core.Identity;

namespace Enrollment.Core.Tests;

public class PersonNameTests
{
    [Theory]
    [InlineData("张小三", "张*三")]
    [InlineData("张三", "张*")]
    [InlineData("欧阳小明", "欧**明")]
    [InlineData(" 王小雨 ", "王*雨")]
    [InlineData("买买提·艾力", "买****力")]
    [InlineData("𠮷小明", "𠮷*明")]
    [InlineData("李𠮷", "李*")]
    [InlineData("王", "*")]
    [InlineData("", "")]
    public void KeepsTheFirstAndLastCharacterAndMasksTheRest(string name, string masked) =>
        Assert.Equal(masked, PersonName.Mask(name));
}

public class CatchmentLookupTests
{
    private static readonly County County = DemoCounty.Create(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.FromHours(8)));

    [Theory]
    [InlineData("  人民路　社区 ", "人民路社区")]
    [InlineData("人民路１２号３单元", "人民路12号3单元")]
    [InlineData("新华社区（新华街以东）", "新华社区新华街以东")]
    [InlineData("ＡＢＣ小区 5-2", "abc小区52")]
    public void NormalisesWhitespaceFullWidthCharactersAndPunctuation(string typed, string normalized) =>
        Assert.Equal(normalized, CatchmentLookup.Normalize(typed));

    [Theory]
    [InlineData("东关社区", "demo-101")]
    [InlineData("东关", "demo-101")]
    [InlineData("城关镇人民路12号3单元", "demo-101")]
    [InlineData("人民路", "demo-101")]
    [InlineData("ＸＸ县 文化街 ８ 号", "demo-102")]
    [InlineData("北城新区滨河社区5号楼", "demo-104")]
    public void AnAddressInOneCatchmentFindsThatSchool(string address, string schoolId)
    {
        var match = Assert.Single(CatchmentLookup.Find(County, address));
        Assert.Equal(schoolId, match.School.Id);
    }

    [Fact]
    public void ACommunitySplitBetweenSchoolsFindsEachWithTheBureausNote()
    {
        var matches = CatchmentLookup.Find(County, "新华社区8号楼");

        Assert.Equal(["demo-103", "demo-104"], matches.Select(m => m.School.Id));
        Assert.Equal(["新华社区（新华街以东）", "新华社区（新华街以西）"], matches.Select(m => m.Community));
    }

    [Theory]
    [InlineData("幸福里小区")]
    [InlineData("12号")]
    [InlineData("社区")]
    [InlineData("关")]
    [InlineData("   ")]
    public void AnAddressInNoCatchmentOrTooVagueFindsNothing(string address) =>
        Assert.Empty(CatchmentLookup.Find(County, address));

    [Fact]
    public void APrivateSchoolServingTheWholeCountyIsNeverAnAddressMatch() =>
        Assert.DoesNotContain(CatchmentLookup.Find(County, "育才路5号"), m => m.School.Kind == SchoolKind.Private);
}
