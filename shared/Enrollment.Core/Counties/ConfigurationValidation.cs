using System.Text.RegularExpressions;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Counties;

/// <summary>Class sizes (班额): primary at most 45, junior secondary at most 50, and never 56 or more (大班额).</summary>
public static class PlanRules
{
    public const int LargeClass = 56;

    public static int MaxClassSize(Stage stage) => stage == Stage.Primary ? 45 : 50;
}

/// <summary>
/// The whole county configuration as the bureau exports and imports it: schools with their catchments and
/// plans, and the windows. Members are nullable so a missing one is reported with its path, not as unreadable.
/// </summary>
public sealed record CountyConfigurationFile(
    string? Name,
    int? EnrollmentYear,
    AgeRule? AgeRule,
    IReadOnlyList<School?>? Schools,
    IReadOnlyList<WindowSetting?>? Windows,
    IReadOnlyList<Admission.AdmissionOrder?>? AdmissionOrders = null,
    bool? ConfirmAdmissionsAtClose = null,
    PrivateFallback? PrivateFallback = null)
{
    public static CountyConfigurationFile From(County county, DateTimeOffset now) =>
        new(county.Name, county.EnrollmentYear, county.AgeRule, county.Schools, county.Calendar.AsOf(now).Windows, county.AdmissionOrders, county.ConfirmAdmissionsAtClose,
            county.PrivateFallback);
}

/// <summary>
/// Checks the bureau's configuration: every problem with the JSON path of the field (<c>$.schools[2].plan.places</c>)
/// and a sentence a clerk understands.
/// </summary>
public static partial class ConfigurationValidation
{
    /// <summary>Pairs of steps that follow one another, so their windows for one school must not overlap.</summary>
    private static readonly (WindowKind Earlier, WindowKind Later)[] Sequence =
    [
        (WindowKind.Registration, WindowKind.Lottery),
        (WindowKind.Registration, WindowKind.Results),
        (WindowKind.Lottery, WindowKind.Results),
        (WindowKind.Registration, WindowKind.Admission),
        (WindowKind.Lottery, WindowKind.Admission),
        (WindowKind.Admission, WindowKind.CheckIn),
    ];

    public static Dictionary<string, string[]> Validate(CountyConfigurationFile file, County county)
    {
        var errors = new Errors();
        if (string.IsNullOrWhiteSpace(file.Name) || file.Name.Length > 50)
        {
            errors.Add("$.name", "请填写县区名称（不超过50个字）。");
        }

        if (file.EnrollmentYear != county.EnrollmentYear)
        {
            errors.Add("$.enrollmentYear", $"招生年度应为 {county.EnrollmentYear}，导入文件不能更改招生年度。");
        }

        if (file.AgeRule is not { MinimumAge: >= 3 and <= 15, CutoffMonth: >= 1 and <= 12 } rule || rule.CutoffDay < 1 || rule.CutoffDay > DateTime.DaysInMonth(2001, rule.CutoffMonth))
        {
            errors.Add("$.ageRule", "请填写入学年龄（周岁）和截止日期（月、日）。");
        }

        var schools = ValidateSchools(file.Schools, county.Stages, errors);
        var windows = file.Windows ?? [];
        if (file.Windows is null)
        {
            errors.Add("$.windows", "请填写各阶段的时间安排。");
        }

        for (var i = 0; i < windows.Count; i++)
        {
            ValidateSetting(windows[i], $"$.windows[{i}]", schools, errors, requireWindow: true);
            if (windows[i] is { } setting && windows.Take(i).Any(w => w is not null && w.SameTarget(setting)))
            {
                errors.Add($"$.windows[{i}]", "同一学段或学校的同一环节只能设置一个时间段，这一项与前面的重复（或重叠）。");
            }
        }

        foreach (var stage in schools.Select(s => s.Stage).Distinct())
        {
            if (!windows.Any(w => w is { Kind: WindowKind.Registration, SchoolId: null } && w.Stage == stage))
            {
                errors.Add("$.windows", $"缺少{StageName(stage)}的网上报名时间。");
            }
        }

        ValidateAdmissionOrders(file.AdmissionOrders, errors);
        if (errors.Count == 0)
        {
            var calendar = WindowCalendar.Of([.. windows.OfType<WindowSetting>()]);
            CheckSequence(schools, calendar, "$.windows", errors);
            CheckPublicAndPrivateTogether(schools, calendar, "$.windows", errors);
        }

        return errors.ToDictionary();
    }

    /// <summary>A window set through the API: its target, its times, and how it fits the school's other steps.</summary>
    public static Dictionary<string, string[]> ValidateChange(WindowSetting setting, County county, WindowCalendar after)
    {
        var errors = new Errors();
        ValidateSetting(setting, "$", county.Schools, errors, requireWindow: false);
        if (errors.Count == 0)
        {
            CheckSequence(county.Schools, after, "$", errors);
            CheckPublicAndPrivateTogether(county.Schools, after, "$", errors);
        }

        return errors.ToDictionary();
    }

    public static string StageName(Stage stage) => stage == Stage.Primary ? "小学" : "初中";

    public static string KindName(WindowKind kind) => kind switch
    {
        WindowKind.Publication => "公示",
        WindowKind.Registration => "网上报名",
        WindowKind.Correction => "补充材料",
        WindowKind.Review => "审核",
        WindowKind.Lottery => "随机派位",
        WindowKind.Admission => "录取",
        WindowKind.CheckIn => "报到",
        _ => "结果公布",
    };

    /// <summary>招生顺位: per stage at most once, each category named and asking for at least one known condition.</summary>
    private static void ValidateAdmissionOrders(IReadOnlyList<Admission.AdmissionOrder?>? orders, Errors errors)
    {
        for (var i = 0; i < (orders ?? []).Count; i++)
        {
            var path = $"$.admissionOrders[{i}]";
            if (orders![i] is not { } order || !Enum.IsDefined(order.Stage) || order.Categories is not { Count: > 0 and <= 10 })
            {
                errors.Add(path, "请填写学段和招生顺位的类别（1至10类）。");
                continue;
            }

            if (orders.Take(i).Any(o => o?.Stage == order.Stage))
            {
                errors.Add(path, $"{StageName(order.Stage)}的招生顺位重复，每个学段只能设置一次。");
            }

            for (var c = 0; c < order.Categories.Count; c++)
            {
                if (order.Categories[c] is not { Name.Length: > 0 and <= 20, AllOf.Count: > 0 } category || category.AllOf.Any(k => !Enum.IsDefined(k)))
                {
                    errors.Add($"{path}.categories[{c}]", "每一类都要有名称（不超过20个字）和至少一个条件：HouseholdInCatchment、PropertyInCatchment、RentalInCatchment、ResidencePermitAndInsurance、SiblingAtSchool。");
                }
            }
        }
    }

    private static List<School> ValidateSchools(IReadOnlyList<School?>? schools, IReadOnlyList<Stage>? stages, Errors errors)
    {
        if (schools is not { Count: > 0 })
        {
            errors.Add("$.schools", "请至少填写一所学校。");
            return [];
        }

        var valid = new List<School>();
        for (var i = 0; i < schools.Count; i++)
        {
            var path = $"$.schools[{i}]";
            if (schools[i] is not { } school)
            {
                errors.Add(path, "学校信息不能为空。");
                continue;
            }

            var before = errors.Count;
            if (school.Id is null || !SchoolIdPattern().IsMatch(school.Id))
            {
                errors.Add(path + ".id", "学校编号只能包含字母、数字和短横线，1至40位。");
            }
            else if (schools.Take(i).Any(s => s?.Id == school.Id))
            {
                errors.Add(path + ".id", $"学校编号“{school.Id}”重复了。");
            }

            Text(school.Name, path + ".name", "请填写学校名称（不超过50个字）。", 50, errors);
            Text(school.Address, path + ".address", "请填写学校地址（不超过100个字）。", 100, errors);
            Text(school.Hotline, path + ".hotline", "请填写招生咨询电话。", 30, errors);
            if (!Enum.IsDefined(school.Kind))
            {
                errors.Add(path + ".kind", "学校类型应为 Public（公办）或 Private（民办）。");
            }

            if (!Enum.IsDefined(school.Stage))
            {
                errors.Add(path + ".stage", "学段应为 Primary（小学）或 JuniorSecondary（初中）。");
            }
            else if (stages is not null && !stages.Contains(school.Stage))
            {
                errors.Add(path + ".stage", $"本县区设立时未开设{StageName(school.Stage)}招生，请联系平台运维增加学段。");
            }

            if (school.Catchment is not { Description: { Length: > 0 and <= 500 } } catchment
                || catchment.Communities is null || catchment.Communities.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 50))
            {
                errors.Add(path + ".catchment", "请填写招生范围说明和所含社区（每个社区不超过50个字）。");
            }

            ValidatePlan(school.Plan, school.Stage, path + ".plan", errors);
            if (errors.Count == before)
            {
                valid.Add(school);
            }
        }

        return valid;
    }

    private static void ValidatePlan(Plan? plan, Stage stage, string path, Errors errors)
    {
        if (plan is null)
        {
            errors.Add(path, "请填写招生计划（人数、班数）。");
            return;
        }

        var max = PlanRules.MaxClassSize(stage);
        if (plan.Classes is < 1 or > 100)
        {
            errors.Add(path + ".classes", "班数应在 1 至 100 之间。");
        }

        if (plan.ClassSize is { } size && (size < 1 || size > max))
        {
            errors.Add(path + ".classSize", size >= PlanRules.LargeClass
                ? $"每班 {size} 人属于大班额，不允许（每班不得达到 {PlanRules.LargeClass} 人）。{StageName(stage)}每班不超过 {max} 人。"
                : $"{StageName(stage)}每班不超过 {max} 人。");
        }

        var capacity = plan.Classes * Math.Min(plan.ClassSize ?? max, max);
        if (plan.Places < 0)
        {
            errors.Add(path + ".places", "招生人数不能为负数。");
        }
        else if (plan.Classes >= 1 && plan.Places > capacity)
        {
            errors.Add(path + ".places", $"招生人数 {plan.Places} 超过了 {plan.Classes} 个班的容量 {capacity} 人（{StageName(stage)}每班不超过 {Math.Min(plan.ClassSize ?? max, max)} 人），请增加班数或减少人数。");
        }
    }

    private static void ValidateSetting(WindowSetting? setting, string path, IReadOnlyList<School> schools, Errors errors, bool requireWindow)
    {
        if (setting is null)
        {
            errors.Add(path, "时间安排不能为空。");
            return;
        }

        if (!Enum.IsDefined(setting.Kind))
        {
            errors.Add(path + ".kind", "环节应为 Publication、Registration、Correction、Review、Lottery 或 Results。");
        }

        if ((setting.Stage is null) == (setting.SchoolId is null))
        {
            errors.Add(path, "请指定学段（stage）或学校（schoolId），二者选一。");
        }
        else if (setting.Stage is { } stage && !Enum.IsDefined(stage))
        {
            errors.Add(path + ".stage", "学段应为 Primary（小学）或 JuniorSecondary（初中）。");
        }
        else if (setting.SchoolId is { } schoolId && schools.All(s => s.Id != schoolId))
        {
            errors.Add(path + ".schoolId", $"“{Shorten(schoolId)}”不是本县的学校。");
        }

        if (setting.Window is { } window)
        {
            if (window.Opens >= window.Closes)
            {
                errors.Add(path + ".window", "开始时间应早于结束时间。");
            }
        }
        else if (requireWindow)
        {
            errors.Add(path + ".window", "请填写开始时间（opens）和结束时间（closes）。");
        }
        else if (setting.Stage is not null)
        {
            errors.Add(path + ".window", "学段的时间安排不能删除，只能调整；学校的单独安排可以删除。");
        }
    }

    /// <summary>For every school, the windows it follows must come one after another (报名 → 派位 → 公布结果).</summary>
    private static void CheckSequence(IReadOnlyList<School> schools, WindowCalendar calendar, string path, Errors errors)
    {
        foreach (var school in schools)
        {
            foreach (var (earlier, later) in Sequence)
            {
                var first = calendar.Find(earlier, school);
                var second = calendar.Find(later, school);
                if (first is not null && second is not null && first.Closes > second.Opens)
                {
                    errors.Add(path, $"{school.Name}的{KindName(earlier)}时间（{first.Describe()}）与{KindName(later)}时间（{second.Describe()}）重叠，{KindName(later)}应在{KindName(earlier)}结束后开始。");
                    return;
                }
            }
        }
    }

    /// <summary>
    /// 公民同招 (同步报名): a private school of a stage takes registrations no earlier than the stage's public schools,
    /// so no family is drawn to apply privately before it can apply to its catchment school.
    /// </summary>
    private static void CheckPublicAndPrivateTogether(IReadOnlyList<School> schools, WindowCalendar calendar, string path, Errors errors)
    {
        foreach (var stage in schools.Select(s => s.Stage).Distinct())
        {
            var publicOpening = schools.Where(s => s.Stage == stage && s.Kind == SchoolKind.Public)
                .Select(s => (School: s, Window: calendar.Find(WindowKind.Registration, s)))
                .Where(p => p.Window is not null)
                .MinBy(p => p.Window!.Opens);
            if (publicOpening.Window is not { } earliestPublic)
            {
                continue;
            }

            foreach (var school in schools.Where(s => s.Stage == stage && s.Kind == SchoolKind.Private))
            {
                if (calendar.Find(WindowKind.Registration, school) is { } own && own.Opens < earliestPublic.Opens)
                {
                    errors.Add(path, $"{school.Name}的网上报名时间（{own.Describe()}）早于公办学校开始报名的时间（{publicOpening.School.Name}，{earliestPublic.Describe()}）。"
                        + "按照“公民同招”，民办学校与公办学校同步报名，不能提前。");
                    return;
                }
            }
        }
    }

    private static void Text(string? value, string path, string message, int max, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            errors.Add(path, message);
        }
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex SchoolIdPattern();

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = [];

        public int Count => _errors.Values.Sum(e => e.Count);

        public void Add(string path, string message)
        {
            if (!_errors.TryGetValue(path, out var list))
            {
                _errors[path] = list = [];
            }

            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
