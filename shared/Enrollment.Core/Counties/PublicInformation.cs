using Enrollment.Core.Rules;

namespace Enrollment.Core.Counties;

/// <summary>
/// What the bureau publishes before registration (阳光招生): the policy in brief, who may apply and how.
/// The age condition is not written here: it is derived from the county's <see cref="AgeRule"/>, so the two cannot disagree.
/// </summary>
public sealed record PublicPolicy(string Summary, IReadOnlyList<string> Conditions, IReadOnlyList<string> Procedure);

/// <summary>
/// One item of the materials list (材料清单), published with why it is needed. Items data sharing confirms
/// are listed too, marked so, because a parent only uploads them when the departments could not confirm them.
/// </summary>
public sealed record RequiredMaterial(string Name, string WhoNeedsIt, bool ConfirmedByDataSharing);

/// <summary>
/// The county's enrollment hotline (政策咨询 and 举报申诉 on one number, as the provinces ask), the office that
/// receives complaints in person (信访接待地址), and the online channel for reports and appeals.
/// </summary>
public sealed record ComplaintChannel(string Hotline, string ReceptionAddress, string Online);

/// <summary>One step of the county's published calendar, and how it reads now (paused, too).</summary>
public sealed record TimelineStep(string Name, Window Window, WindowState State);

public static class PublicInformation
{
    /// <summary>The county's windows (each stage's; a school's own are on its page) in calendar order, as the public pages show them.</summary>
    public static IReadOnlyList<TimelineStep> Timeline(this County county, DateTimeOffset now)
    {
        var stages = county.Schools.Select(s => s.Stage).Distinct().ToList();
        return county.Calendar.AsOf(now).Windows
            .Where(w => w is { Stage: not null, Window: not null } && stages.Contains(w.Stage.Value))
            .Select(w => (Setting: w, Reading: county.WindowFor(w.Kind, w.Stage!.Value, now)))
            .OrderBy(s => s.Setting.Window!.Opens)
            .Select(s => new TimelineStep(
                (stages.Count > 1 ? ConfigurationValidation.StageName(s.Setting.Stage!.Value) : "") + ConfigurationValidation.KindName(s.Setting.Kind),
                s.Setting.Window!, s.Reading.State))
            .ToList();
    }

    /// <summary>"年满6周岁（2020年8月31日及以前出生）": the age condition in the bureau's own words.</summary>
    public static string AgeCondition(this County county)
    {
        var latest = county.AgeRule.LatestBirthDate(county.EnrollmentYear);
        return $"年满{county.AgeRule.MinimumAge}周岁（{latest.Year}年{latest.Month}月{latest.Day}日及以前出生）";
    }
}
