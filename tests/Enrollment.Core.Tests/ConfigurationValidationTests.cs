using Enrollment.Core.Admission;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Tests;

/// <summary>The bureau's configuration file: every bad field named by its JSON path.</summary>
public class ConfigurationValidationTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Now = new(2024, 8, 1, 8, 0, 0, Cst);
    private readonly County _county = DemoCounty.Create(Now) with { EnrollmentYear = 2024 };

    private CountyConfigurationFile File => CountyConfigurationFile.From(_county, Now);

    private static Window Days(int from, int to) => new(Now.AddDays(from), Now.AddDays(to));

    [Fact]
    public void TheExportedConfigurationIsValid() =>
        Assert.Empty(ConfigurationValidation.Validate(File, _county));

    [Fact]
    public void AnAdmissionOrderNeedsNamedCategoriesWithKnownConditionsAndOneOrderPerStage()
    {
        var order = _county.AdmissionOrderFor(Stage.Primary)!;
        AdmissionOrder[] orders =
        [
            order,
            order with { Categories = [new AdmissionCategory("", [AdmissionCondition.HouseholdInCatchment]), new AdmissionCategory("二类", []), new AdmissionCategory("三类", [(AdmissionCondition)42])] },
        ];

        var errors = ConfigurationValidation.Validate(File with { AdmissionOrders = orders }, _county);

        Assert.Equal(["$.admissionOrders[1]", "$.admissionOrders[1].categories[0]", "$.admissionOrders[1].categories[1]", "$.admissionOrders[1].categories[2]"], errors.Keys.Order());
        Assert.Contains("重复", errors["$.admissionOrders[1]"][0]);
    }

    [Theory]
    [InlineData(46, "$.schools[0].plan.classSize")]
    [InlineData(56, "$.schools[0].plan.classSize")]
    public void APrimaryClassOverFortyFiveIsRefused(int classSize, string path)
    {
        var schools = File.Schools!.Select((s, i) => i == 0 ? s! with { Plan = s.Plan with { ClassSize = classSize } } : s).ToList();
        var errors = ConfigurationValidation.Validate(File with { Schools = schools }, _county);
        Assert.Contains(path, errors.Keys);
        Assert.Contains(classSize >= 56 ? "大班额" : "不超过 45 人", errors[path][0]);
    }

    [Fact]
    public void MorePlacesThanTheClassesHoldIsRefused()
    {
        var schools = File.Schools!.Select((s, i) => i == 1 ? s! with { Plan = new Plan(Places: 181, Classes: 4) } : s).ToList();
        var errors = ConfigurationValidation.Validate(File with { Schools = schools }, _county);
        Assert.Equal(["$.schools[1].plan.places"], errors.Keys);
        Assert.Contains("容量 180 人", errors["$.schools[1].plan.places"][0]);
    }

    [Fact]
    public void DuplicateSchoolIdsAreRefused()
    {
        var schools = File.Schools!.Append(File.Schools![0]).ToList();
        var errors = ConfigurationValidation.Validate(File with { Schools = schools }, _county);
        Assert.Contains($"$.schools[{schools.Count - 1}].id", errors.Keys);
    }

    [Fact]
    public void AWindowForAnUnknownSchoolOrInvertedOrDuplicatedIsRefused()
    {
        var windows = File.Windows!.Concat(
        [
            new WindowSetting(WindowKind.Lottery, Stage: null, "nowhere-999", Days(70, 71)),
            new WindowSetting(WindowKind.Results, Stage.Primary, SchoolId: null, Days(80, 79)),
            new WindowSetting(WindowKind.Registration, Stage.Primary, SchoolId: null, Days(0, 3)),
        ]).ToList();

        var errors = ConfigurationValidation.Validate(File with { Windows = windows }, _county);

        Assert.Contains("不是本县的学校", errors["$.windows[1].schoolId"][0]);
        Assert.Contains("开始时间应早于结束时间", errors["$.windows[2].window"][0]);
        Assert.Contains("重复", errors["$.windows[3]"][0]);
    }

    [Fact]
    public void ALotteryOverlappingRegistrationIsRefused()
    {
        var registration = File.Windows!.Single()!.Window!;
        var windows = File.Windows!.Append(new WindowSetting(WindowKind.Lottery, Stage: null, _county.Schools[4].Id, new Window(registration.Closes.AddDays(-1), registration.Closes.AddDays(2)))).ToList();

        var errors = ConfigurationValidation.Validate(File with { Windows = windows }, _county);

        Assert.Contains("重叠", Assert.Single(errors["$.windows"]));
    }

    [Fact]
    public void APrivateSchoolMayNotOpenRegistrationBeforeThePublicOnes()
    {
        var registration = File.Windows!.Single()!.Window!;
        var privateSchool = _county.Schools.Single(s => s.Kind == SchoolKind.Private);
        WindowSetting Private(Window window) => new(WindowKind.Registration, Stage: null, privateSchool.Id, window);

        var early = ConfigurationValidation.Validate(File with { Windows = [.. File.Windows!, Private(new Window(registration.Opens.AddDays(-2), registration.Closes))] }, _county);
        var together = ConfigurationValidation.Validate(File with { Windows = [.. File.Windows!, Private(new Window(registration.Opens, registration.Closes.AddDays(-1)))] }, _county);

        Assert.Contains("公民同招", Assert.Single(early["$.windows"]));
        Assert.Contains(privateSchool.Name, early["$.windows"][0]);
        Assert.Empty(together);
        // The same through a single window change.
        var after = _county.Calendar.With(new CalendarChange(_county.Version + 1, Now, Window: Private(new Window(registration.Opens.AddHours(-1), registration.Closes))), Now);
        Assert.Contains("公民同招", Assert.Single(ConfigurationValidation.ValidateChange(Private(new Window(registration.Opens.AddHours(-1), registration.Closes)), _county, after.AsOf(Now))["$"]));
    }

    [Fact]
    public void MissingPartsAreNamedNotThrown()
    {
        var errors = ConfigurationValidation.Validate(new CountyConfigurationFile(null, null, null, [null], null), _county);
        Assert.Equal(["$.ageRule", "$.enrollmentYear", "$.name", "$.schools[0]", "$.windows"], errors.Keys.Order());
    }
}
