using Enrollment.Core.Rules;

namespace Enrollment.Core.Counties;

/// <summary>The steps of the year that each happen in a published window (DOMAIN.md: Windows).</summary>
public enum WindowKind
{
    /// <summary>公示: the policy, catchments and plans are published.</summary>
    Publication,
    Registration,
    Correction,
    Review,
    Lottery,
    Results,

    /// <summary>录取: the school's head approves the final list and the bureau confirms it.</summary>
    Admission,

    /// <summary>报到: admitted children report at the school; who has not by its close is followed up (控辍保学).</summary>
    CheckIn,
}

/// <summary>
/// One window the bureau set: for a whole stage of the county (<see cref="Stage"/>) or, overriding that,
/// for one school (<see cref="SchoolId"/>); exactly one of the two. In a change, a null
/// <see cref="Window"/> removes the setting (a school then follows its stage again).
/// </summary>
public sealed record WindowSetting(WindowKind Kind, Stage? Stage, string? SchoolId, Window? Window)
{
    public bool SameTarget(WindowSetting other) => Kind == other.Kind && Stage == other.Stage && SchoolId == other.SchoolId;
}

/// <summary>The county-wide emergency pause: every window reads as closed, and parents are shown <see cref="Message"/>.</summary>
public sealed record EmergencyPause(string Message);

/// <summary>
/// One change to the calendar, effective from <see cref="EffectiveAt"/>: a window set (opened, closed early,
/// extended, moved), the pause set, or the pause lifted (<see cref="Resume"/>); exactly one of the three.
/// </summary>
public sealed record CalendarChange(int Version, DateTimeOffset EffectiveAt, WindowSetting? Window = null, EmergencyPause? Pause = null, bool Resume = false);

/// <summary>How a window reads at an instant: paused, or its own state; <see cref="Window"/> is null when none is set.</summary>
public sealed record WindowReading(WindowKind Kind, Window? Window, WindowState State, string? PauseMessage)
{
    public bool IsOpen => State == WindowState.Open;
}

/// <summary>
/// The county's windows, its pause, and the changes scheduled ahead. Scheduled changes are applied by
/// reading (the state at an instant includes every change effective by then, in order of effect), so a
/// change takes effect on the very next request and no timer is needed for it.
/// </summary>
public sealed record WindowCalendar(IReadOnlyList<WindowSetting> Windows, EmergencyPause? Pause, IReadOnlyList<CalendarChange> Scheduled)
{
    public static WindowCalendar Of(params WindowSetting[] windows) => new(windows, Pause: null, Scheduled: []);

    /// <summary>The calendar as it stands at <paramref name="at"/>: changes effective by then folded in, later ones still scheduled.</summary>
    public WindowCalendar AsOf(DateTimeOffset at)
    {
        var due = Scheduled.Where(c => c.EffectiveAt <= at).OrderBy(c => c.EffectiveAt).ThenBy(c => c.Version).ToList();
        if (due.Count == 0)
        {
            return this;
        }

        var windows = Windows.ToList();
        var pause = Pause;
        foreach (var change in due)
        {
            if (change.Window is { } setting)
            {
                windows.RemoveAll(w => w.SameTarget(setting));
                if (setting.Window is not null)
                {
                    windows.Add(setting);
                }
            }
            else
            {
                pause = change.Resume ? null : change.Pause ?? pause;
            }
        }

        return new WindowCalendar(windows, pause, Scheduled.Except(due).ToList());
    }

    /// <summary>The school's window if it has its own, otherwise its stage's.</summary>
    public WindowReading Read(WindowKind kind, School school, DateTimeOffset at)
    {
        var current = AsOf(at);
        return current.Reading(kind, current.Find(kind, school), at);
    }

    /// <summary>The stage's county-wide window, as the public calendar shows it.</summary>
    public WindowReading Read(WindowKind kind, Stage stage, DateTimeOffset at)
    {
        var current = AsOf(at);
        return current.Reading(kind, current.Find(kind, stage, schoolId: null), at);
    }

    /// <summary>Adds a change; the stored calendar keeps only what is still ahead of <paramref name="now"/> as scheduled.</summary>
    public WindowCalendar With(CalendarChange change, DateTimeOffset now) =>
        (this with { Scheduled = [.. Scheduled, change] }).AsOf(now);

    /// <summary>The window the school follows in these settings, not counting scheduled changes or the pause.</summary>
    internal Window? Find(WindowKind kind, School school) => Find(kind, stage: null, school.Id) ?? Find(kind, school.Stage, schoolId: null);

    private Window? Find(WindowKind kind, Stage? stage, string? schoolId) =>
        Windows.FirstOrDefault(w => w.Kind == kind && w.Stage == stage && w.SchoolId == schoolId)?.Window;

    private WindowReading Reading(WindowKind kind, Window? window, DateTimeOffset at) =>
        Pause is { } pause
            ? new WindowReading(kind, window, WindowState.Paused, pause.Message)
            // A step with no window set has not opened: nothing is published for it yet.
            : new WindowReading(kind, window, window?.StateAt(at) ?? WindowState.NotYetOpen, PauseMessage: null);
}
