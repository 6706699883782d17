using Enrollment.Core.Counties;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Tests;

public sealed class YearRolloverTests
{
    private static readonly TimeSpan Cst = Window.ChinaStandardOffset;

    /// <summary>A county of 2028 (a leap year) whose registration opened on 29 February and whose windows closed by September.</summary>
    private static County Closed2028()
    {
        var demo = DemoCounty.Create(new DateTimeOffset(2028, 2, 1, 9, 0, 0, Cst));
        return demo with
        {
            EnrollmentYear = 2028,
            Calendar = WindowCalendar.Of(
                new WindowSetting(WindowKind.Registration, Stage.Primary, null, new Window(new DateTimeOffset(2028, 2, 29, 8, 0, 0, Cst), new DateTimeOffset(2028, 7, 10, 18, 0, 0, Cst))),
                new WindowSetting(WindowKind.Admission, Stage.Primary, null, new Window(new DateTimeOffset(2028, 8, 1, 8, 0, 0, Cst), new DateTimeOffset(2028, 8, 10, 18, 0, 0, Cst)))) with
            {
                Pause = new EmergencyPause("系统维护"),
            },
        };
    }

    [Fact]
    public void WindowsMoveAYearOnInBeijingTimeAndThePauseDoesNotCarryOver()
    {
        var county = Closed2028();
        var (next, errors) = YearRollover.Next(county, new DateTimeOffset(2028, 9, 1, 9, 0, 0, Cst));

        Assert.Empty(errors);
        Assert.Equal(2029, next!.EnrollmentYear);
        var registration = next.Calendar.Windows.Single(w => w.Kind == WindowKind.Registration).Window!;
        Assert.Equal(new DateTimeOffset(2029, 2, 28, 8, 0, 0, Cst), registration.Opens);
        Assert.Equal(new DateTimeOffset(2029, 7, 10, 18, 0, 0, Cst), registration.Closes);
        Assert.Null(next.Calendar.Pause);
        Assert.Same(county.Schools, next.Schools);
    }

    [Fact]
    public void AWindowStillOpenOrAChangeScheduledAheadKeepsTheYear()
    {
        var county = Closed2028();
        var during = YearRollover.Next(county, new DateTimeOffset(2028, 8, 5, 9, 0, 0, Cst));
        Assert.Null(during.Next);
        Assert.Contains("录取", Assert.Single(during.Errors["$.windows"]));

        var after = new DateTimeOffset(2028, 9, 1, 9, 0, 0, Cst);
        var scheduled = county with
        {
            Calendar = county.Calendar with { Scheduled = [new CalendarChange(2, after.AddDays(3), Resume: true)] },
        };
        Assert.True(YearRollover.Next(scheduled, after).Errors.ContainsKey("$.scheduled"));
    }

    [Fact]
    public void OnlyTheComingYearCanBeOpened()
    {
        var county = Closed2028() with { EnrollmentYear = 2029 };

        var (next, errors) = YearRollover.Next(county, new DateTimeOffset(2028, 9, 1, 9, 0, 0, Cst));

        Assert.Null(next);
        Assert.Contains("2029", Assert.Single(errors["$.enrollmentYear"]));
    }
}
