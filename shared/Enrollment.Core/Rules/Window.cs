namespace Enrollment.Core.Rules;

/// <summary>
/// A published time window (报名时间段 and the like): open from <see cref="Opens"/> inclusive until
/// <see cref="Closes"/> exclusive, so "8/9 18:00" means the last accepted second is 17:59:59.
/// </summary>
public sealed record Window(DateTimeOffset Opens, DateTimeOffset Closes)
{
    /// <summary>China Standard Time: windows are published and shown in it, whatever the server's zone.</summary>
    public static readonly TimeSpan ChinaStandardOffset = TimeSpan.FromHours(8);

    /// <summary>The calendar day in Beijing at that instant: birth dates and deadlines are Beijing days.</summary>
    public static DateOnly ChinaDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaStandardOffset).DateTime);

    public WindowState StateAt(DateTimeOffset now) =>
        now < Opens ? WindowState.NotYetOpen : now < Closes ? WindowState.Open : WindowState.Closed;

    public bool IsOpenAt(DateTimeOffset now) => StateAt(now) == WindowState.Open;

    /// <summary>How a parent reads it: "2024年8月5日 08:00 至 2024年8月9日 18:00（北京时间）".</summary>
    public string Describe() =>
        $"{Format(Opens)} 至 {Format(Closes)}（北京时间）";

    /// <summary>An instant as a parent reads it in Beijing time: "2024年8月9日 18:00".</summary>
    public static string Format(DateTimeOffset instant)
    {
        var local = instant.ToOffset(ChinaStandardOffset);
        return $"{local.Year}年{local.Month}月{local.Day}日 {local:HH:mm}";
    }
}

public enum WindowState
{
    NotYetOpen,
    Open,
    Closed,

    /// <summary>The bureau's emergency pause: closed while it lasts, whatever the window says.</summary>
    Paused,
}
