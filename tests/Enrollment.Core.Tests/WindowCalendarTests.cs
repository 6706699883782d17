using Enrollment.Core.Counties;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Tests;

/// <summary>How a school's window reads: its own over its stage's, changes scheduled ahead, the emergency pause.</summary>
public class WindowCalendarTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Aug5 = new(2024, 8, 5, 8, 0, 0, Cst);
    private static readonly DateTimeOffset Aug9 = new(2024, 8, 9, 18, 0, 0, Cst);
    private static readonly DateTimeOffset Aug7 = new(2024, 8, 7, 12, 0, 0, Cst);

    private readonly County _county = DemoCounty.Create(Aug5) with
    {
        EnrollmentYear = 2024,
        Calendar = WindowCalendar.Of(Stage(WindowKind.Registration, new Window(Aug5, Aug9))),
    };

    private School First => _county.Schools[0];

    private School Private => _county.Schools.Single(s => s.Kind == SchoolKind.Private);

    private static WindowSetting Stage(WindowKind kind, Window? window) => new(kind, Counties.Stage.Primary, SchoolId: null, window);

    private static WindowSetting School(WindowKind kind, string schoolId, Window? window) => new(kind, Stage: null, schoolId, window);

    private County With(params CalendarChange[] changes) =>
        _county with { Calendar = _county.Calendar with { Scheduled = changes } };

    [Fact]
    public void ASchoolFollowsItsStageUnlessItHasItsOwnWindow()
    {
        var county = _county with
        {
            Calendar = WindowCalendar.Of(Stage(WindowKind.Registration, new Window(Aug5, Aug9)), School(WindowKind.Registration, Private.Id, new Window(Aug5, Aug7))),
        };

        Assert.Equal(new Window(Aug5, Aug9), county.WindowFor(WindowKind.Registration, First, Aug7).Window);
        Assert.True(county.WindowFor(WindowKind.Registration, First, Aug7).IsOpen);
        Assert.Equal(WindowState.Closed, county.WindowFor(WindowKind.Registration, Private, Aug7).State);
    }

    [Fact]
    public void AStepWithNoWindowHasNotOpened()
    {
        var lottery = _county.WindowFor(WindowKind.Lottery, Private, Aug7);
        Assert.Null(lottery.Window);
        Assert.Equal(WindowState.NotYetOpen, lottery.State);
    }

    [Fact]
    public void AChangeScheduledAheadTakesEffectOnTheSecondItIsDueAndNotBefore()
    {
        // Closed early at 8/7 12:00, decided in advance.
        var county = With(new CalendarChange(2, Aug7, Stage(WindowKind.Registration, new Window(Aug5, Aug7))));

        Assert.True(county.WindowFor(WindowKind.Registration, First, Aug7.AddSeconds(-1)).IsOpen);
        Assert.Equal(WindowState.Closed, county.WindowFor(WindowKind.Registration, First, Aug7).State);
    }

    [Fact]
    public void TheLatestChangeInEffectWinsWhateverOrderTheyWereMadeIn()
    {
        var extended = new Window(Aug5, Aug9.AddDays(2));
        var closedEarly = new Window(Aug5, Aug7);
        // Version 2 (made first) takes effect later than version 3: at 8/9 20:00 the extension, made first, is the latest in effect.
        var county = With(
            new CalendarChange(2, Aug9.AddHours(-1), Stage(WindowKind.Registration, extended)),
            new CalendarChange(3, Aug7.AddHours(-1), Stage(WindowKind.Registration, closedEarly)));

        Assert.Equal(closedEarly, county.WindowFor(WindowKind.Registration, First, Aug7).Window);
        Assert.Equal(extended, county.WindowFor(WindowKind.Registration, First, Aug9.AddHours(2)).Window);
        Assert.True(county.WindowFor(WindowKind.Registration, First, Aug9.AddHours(2)).IsOpen);
    }

    [Fact]
    public void RemovingASchoolsOwnWindowReturnsItToItsStages()
    {
        var county = _county with
        {
            Calendar = WindowCalendar.Of(Stage(WindowKind.Registration, new Window(Aug5, Aug9)), School(WindowKind.Registration, Private.Id, new Window(Aug5, Aug7))),
        };
        county = county with { Calendar = county.Calendar.With(new CalendarChange(2, Aug7, School(WindowKind.Registration, Private.Id, null)), Aug7) };

        Assert.True(county.WindowFor(WindowKind.Registration, Private, Aug7.AddHours(1)).IsOpen);
        Assert.DoesNotContain(county.Calendar.Windows, w => w.SchoolId == Private.Id);
    }

    [Fact]
    public void APauseClosesEveryWindowWithItsMessageUntilResumed()
    {
        var county = With(
            new CalendarChange(2, Aug7, Pause: new EmergencyPause("系统维护，预计今晚20:00恢复")),
            new CalendarChange(3, Aug7.AddHours(8), Resume: true));

        Assert.True(county.WindowFor(WindowKind.Registration, First, Aug7.AddSeconds(-1)).IsOpen);
        var paused = county.WindowFor(WindowKind.Registration, Private, Aug7.AddHours(1));
        Assert.Equal(WindowState.Paused, paused.State);
        Assert.False(paused.IsOpen);
        Assert.Equal("系统维护，预计今晚20:00恢复", paused.PauseMessage);
        Assert.Equal(WindowState.Paused, county.WindowFor(WindowKind.Registration, Counties.Stage.Primary, Aug7.AddHours(1)).State);
        Assert.True(county.WindowFor(WindowKind.Registration, First, Aug7.AddHours(8)).IsOpen);
    }

    [Fact]
    public void StoringAChangeFoldsInWhatIsDueAndKeepsOnlyWhatIsAhead()
    {
        var calendar = _county.Calendar
            .With(new CalendarChange(2, Aug9, Stage(WindowKind.Registration, new Window(Aug5, Aug9.AddDays(1)))), Aug7)
            .With(new CalendarChange(3, Aug7, Pause: new EmergencyPause("暂停")), Aug7);

        Assert.Equal(new EmergencyPause("暂停"), calendar.Pause);
        Assert.Equal(2, Assert.Single(calendar.Scheduled).Version);
        Assert.Equal(new Window(Aug5, Aug9), Assert.Single(calendar.Windows).Window);
    }
}
