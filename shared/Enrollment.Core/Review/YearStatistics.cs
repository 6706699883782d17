using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Review;

/// <summary>
/// One school's year in numbers. <see cref="Applied"/>: applications filed there and not withdrawn (a child who fell
/// back from a private school counts at both); <see cref="Eligible"/>: those the review passed; <see cref="Admitted"/>
/// and <see cref="CheckedIn"/> as they stand; <see cref="AdmittedByBasis"/>: the admitted by the residence basis they
/// applied on (户籍, 房产, 租赁, 居住证); <see cref="SpecialGroups"/>: the admitted in each special group.
/// </summary>
public sealed record SchoolStatistics(
    string SchoolId,
    string SchoolName,
    SchoolKind Kind,
    Stage Stage,
    int Places,
    int Applied,
    int Eligible,
    int Admitted,
    int CheckedIn,
    IReadOnlyDictionary<EligibilityBasis, int> AdmittedByBasis,
    IReadOnlyDictionary<SpecialGroup, int> SpecialGroups,
    IReadOnlyDictionary<string, int> AdmittedByCategory);

/// <summary>
/// 年度统计: every school's numbers, and the share of migrant children (随迁子女: admitted on a residence permit) among
/// the children admitted to public schools (checklist C43); null while no child is admitted to a public school.
/// </summary>
public sealed record YearStatistics(
    string CountyId,
    string CountyName,
    int EnrollmentYear,
    DateTimeOffset At,
    IReadOnlyList<SchoolStatistics> Schools,
    int AdmittedToPublic,
    int MigrantsAdmittedToPublic,
    decimal? MigrantShareInPublic);

public sealed class YearStatisticsReport(ICountyStore counties, IPastYearStore pastYears, IApplicationStore store, TimeProvider time)
{
    /// <summary>The statuses of applications the review passed: eligible, and everything that can follow it.</summary>
    private static readonly HashSet<ApplicationStatus> PassedReview =
    [
        ApplicationStatus.Eligible, ApplicationStatus.LotteryPending, ApplicationStatus.Offered, ApplicationStatus.Admitted, ApplicationStatus.Waitlisted, ApplicationStatus.Declined,
    ];

    /// <summary>The county's statistics for a year (this one when null), for its officers and auditors; null for anyone else or a year it did not run.</summary>
    public async Task<YearStatistics?> BuildAsync(StaffAccount staff, string countyId, int? year, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } current
            || await pastYears.CountyInAsync(current, year, cancellationToken) is not { } county)
        {
            return null;
        }

        var schools = new List<SchoolStatistics>();
        foreach (var school in county.Schools)
        {
            int applied = 0, eligible = 0, admitted = 0, checkedIn = 0;
            var byBasis = Enum.GetValues<EligibilityBasis>().ToDictionary(b => b, _ => 0);
            var byGroup = Enum.GetValues<SpecialGroup>().ToDictionary(g => g, _ => 0);
            var order = school.Kind == SchoolKind.Public ? county.AdmissionOrderFor(school.Stage) : null;
            var byCategory = (order?.Categories.Select(c => c.Name) ?? []).Append(OutsideTheOrder).Distinct().ToDictionary(n => n, _ => 0);
            await foreach (var application in store.ListAsync(school.Id, county.EnrollmentYear, cancellationToken))
            {
                if (application.Status == ApplicationStatus.Withdrawn)
                {
                    continue;
                }

                applied++;
                eligible += application.History.Any(h => PassedReview.Contains(h.Status)) ? 1 : 0;
                if (application.Status != ApplicationStatus.Admitted)
                {
                    continue;
                }

                admitted++;
                checkedIn += application.CheckedInAt is null ? 0 : 1;
                if (application.Residence.Basis is { } basis)
                {
                    byBasis[basis]++;
                }

                foreach (var group in SpecialGroups.GroupsOf(application.Circumstances))
                {
                    byGroup[group]++;
                }

                var category = order is not null && Admission.AdmissionOrders.CategoryOf(county, school, order, application) is var i && i < order.Categories.Count
                    ? order.Categories[i].Name
                    : OutsideTheOrder;
                byCategory[category]++;
            }

            schools.Add(new SchoolStatistics(school.Id, school.Name, school.Kind, school.Stage, school.Plan.Places, applied, eligible, admitted, checkedIn, byBasis, byGroup,
                byCategory));
        }

        var publicSchools = schools.Where(s => s.Kind == SchoolKind.Public).ToList();
        var toPublic = publicSchools.Sum(s => s.Admitted);
        var migrants = publicSchools.Sum(s => s.AdmittedByBasis[EligibilityBasis.ResidencePermit]);
        return new YearStatistics(county.Id, county.Name, county.EnrollmentYear, time.GetUtcNow(), schools, toPublic, migrants,
            toPublic == 0 ? null : Math.Round((decimal)migrants / toPublic, 4));
    }

    /// <summary>Admitted outside the stage's admission order: at a private school, where the county set none, or in none of its categories.</summary>
    public const string OutsideTheOrder = "顺位外";

    /// <summary>The statistics as a table, one row per school and a county total, headed in Chinese for the bureau's files.</summary>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) Table(YearStatistics statistics)
    {
        string[] headers =
        [
            "学校编号", "学校名称", "办学性质", "学段", "招生计划", "报名", "审核通过", "录取", "报到",
            "录取·户籍", "录取·房产", "录取·租赁", "录取·居住证（随迁子女）",
            "录取·留守儿童", "录取·孤儿", "录取·事实无人抚养", "录取·残疾儿童", "录取·家庭经济困难",
            .. Categories(statistics).Select(c => $"录取·{c}"),
        ];
        IReadOnlyList<string> Row(string id, string name, string kind, string stage, IReadOnlyList<SchoolStatistics> of) =>
        [
            id, name, kind, stage, of.Sum(s => s.Places).ToString(), of.Sum(s => s.Applied).ToString(), of.Sum(s => s.Eligible).ToString(),
            of.Sum(s => s.Admitted).ToString(), of.Sum(s => s.CheckedIn).ToString(),
            .. Enum.GetValues<EligibilityBasis>().Select(b => of.Sum(s => s.AdmittedByBasis[b]).ToString()),
            .. Enum.GetValues<SpecialGroup>().Select(g => of.Sum(s => s.SpecialGroups[g]).ToString()),
            .. Categories(statistics).Select(c => of.Sum(s => s.AdmittedByCategory.GetValueOrDefault(c)).ToString()),
        ];

        var rows = statistics.Schools
            .Select(s => Row(s.SchoolId, s.SchoolName, s.Kind == SchoolKind.Public ? "公办" : "民办", ConfigurationValidation.StageName(s.Stage), [s]))
            .Append(Row("", $"{statistics.CountyName}合计", "", "", statistics.Schools))
            .ToList();
        return (headers, rows);
    }

    /// <summary>Every admission-order category of the county's schools (招生顺位), in order, then those admitted outside any.</summary>
    private static IReadOnlyList<string> Categories(YearStatistics statistics) =>
        statistics.Schools.SelectMany(s => s.AdmittedByCategory.Keys).Where(c => c != OutsideTheOrder).Distinct().Append(OutsideTheOrder).ToList();
}
