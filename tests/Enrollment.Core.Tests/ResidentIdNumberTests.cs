using Enrollment.Core.Identity;

namespace Enrollment.Core.Tests;

public class ResidentIdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X", 1949, 12, 31, Sex.Female)]
    [InlineData("34052419800101001X", 1980, 1, 1, Sex.Male)]
    [InlineData("11010519491231002x", 1949, 12, 31, Sex.Female)]
    public void AcceptsValidNumbersAndDerivesBirthDateAndSex(string input, int year, int month, int day, Sex sex)
    {
        Assert.True(ResidentIdNumber.TryParse(input, out var id));
        Assert.Equal(new DateOnly(year, month, day), id.Value.BirthDate);
        Assert.Equal(sex, id.Value.Sex);
        Assert.Equal(input.ToUpperInvariant(), id.Value.Value);
    }

    [Theory]
    [InlineData("340524198001010013")] // wrong check character
    [InlineData("34052419800101001")] // too short
    [InlineData("34052419800101001XX")] // too long
    [InlineData("3405241980010100AX")] // letter in the body
    [InlineData("110105194902300020")] // 30 February, check character right for the digits
    [InlineData("")]
    [InlineData(null)]
    public void RefusesInvalidNumbers(string? input)
    {
        Assert.False(ResidentIdNumber.TryParse(input, out _));
    }

    [Fact]
    public void EverySingleDigitChangeIsCaught()
    {
        const string valid = "11010519491231002X";
        for (var i = 0; i < 17; i++)
        {
            var digit = valid[i] - '0';
            var changed = valid[..i] + (char)('0' + ((digit + 1) % 10)) + valid[(i + 1)..];
            Assert.False(ResidentIdNumber.TryParse(changed, out _), $"changing position {i} went unnoticed");
        }
    }

    [Fact]
    public void MaskingHidesTheMiddle()
    {
        Assert.True(ResidentIdNumber.TryParse("11010519491231002X", out var id));
        Assert.Equal("1101**********002X", id.Value.Masked);
        Assert.DoesNotContain("19491231", id.Value.ToString());
    }
}
