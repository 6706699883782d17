using Enrollment.Core.Rules;

namespace Enrollment.Core.Counties;

/// <summary>
/// A year the county rolled over from: its configuration as it stood at the rollover, so officers can still export
/// that year's lists and statistics (by its schools and plans) while its applications are kept.
/// </summary>
public sealed record PastYear(string Id, string CountyId, int Year, DateTimeOffset ClosedAt, County County)
{
    public static string IdFor(int year) => $"year.{year}";

    public static PastYear Of(County county, DateTimeOffset closedAt) =>
        new(IdFor(county.EnrollmentYear), county.Id, county.EnrollmentYear, closedAt, county with { PendingAudit = null });
}

public interface IPastYearStore
{
    /// <summary>Stores the year's configuration, replacing one stored by an earlier attempt at the same rollover.</summary>
    Task UpsertAsync(PastYear year, CancellationToken cancellationToken);

    Task<PastYear?> GetAsync(string countyId, int year, CancellationToken cancellationToken);
}

public static class PastYearStoreExtensions
{
    /// <summary>The county as it stood in <paramref name="year"/> (this year when null): a past year's configuration, or null when it has none.</summary>
    public static async Task<County?> CountyInAsync(this IPastYearStore pastYears, County current, int? year, CancellationToken cancellationToken) =>
        year is null || year == current.EnrollmentYear ? current : (await pastYears.GetAsync(current.Id, year.Value, cancellationToken))?.County;
}

/// <summary>
/// 开启下一年度: the county's configuration copied to the next enrollment year with every window moved a year on
/// (same Beijing date and time), once every step of this year has closed. Schools, catchments, plans, admission
/// orders and the published texts carry over for the bureau to revise; the pause and scheduled changes do not.
/// </summary>
public static class YearRollover
{
    public static (County? Next, Dictionary<string, string[]> Errors) Next(County county, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var calendar = county.Calendar.AsOf(now);
        var latestYear = now.ToOffset(Window.ChinaStandardOffset).Year + 1;
        if (county.EnrollmentYear + 1 > latestYear)
        {
            errors["$.enrollmentYear"] = [$"现在最多只能开启 {latestYear} 年度的招生；{county.EnrollmentYear} 年度还未开始，请在本年度内调整时间安排。"];
        }

        if (calendar.Windows.Count == 0)
        {
            errors["$.windows"] = [$"{county.EnrollmentYear} 年度还没有设置任何时间安排，请先导入本年度的配置。"];
        }

        var unfinished = calendar.Windows.Where(w => w.Window is { } window && window.Closes > now).ToList();
        if (unfinished.Count > 0)
        {
            var last = unfinished.Max(w => w.Window!.Closes);
            var steps = string.Join("、", unfinished.Select(w => ConfigurationValidation.KindName(w.Kind)).Distinct());
            errors["$.windows"] = [$"{county.EnrollmentYear} 年度的{steps}还没有结束（最晚到 {Window.Format(last)}），本年度各环节全部结束后才能开启下一年度。"];
        }

        if (calendar.Scheduled.Count > 0)
        {
            errors["$.scheduled"] = ["还有预定的时间调整尚未生效，请先取消这些调整，再开启下一年度。"];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var next = county with
        {
            EnrollmentYear = county.EnrollmentYear + 1,
            Calendar = new WindowCalendar(calendar.Windows.Select(w => w with { Window = w.Window is { } window ? new Window(AYearOn(window.Opens), AYearOn(window.Closes)) : null }).ToList(),
                Pause: null, Scheduled: []),
        };
        var invalid = ConfigurationValidation.Validate(CountyConfigurationFile.From(next, now), next);
        return invalid.Count > 0 ? (null, invalid) : (next, errors);
    }

    /// <summary>The same Beijing date and time a year later (29 February becomes 28 February).</summary>
    public static DateTimeOffset AYearOn(DateTimeOffset instant) => instant.ToOffset(Window.ChinaStandardOffset).AddYears(1);
}
