using Enrollment.Core.Applications;
using Enrollment.Core.Checks;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;

namespace Enrollment.Core.Admission;

/// <summary>A fact an admission category asks for, established by the departments' data or a document the school accepted.</summary>
public enum AdmissionCondition
{
    /// <summary>户籍在片区: the child's household registration confirmed, its place in the school's catchment.</summary>
    HouseholdInCatchment,

    /// <summary>房产在片区: the family's own home confirmed (不动产登记 or 购房网签合同), its address in the school's catchment.</summary>
    PropertyInCatchment,

    /// <summary>租房在片区: a registered rental confirmed (租赁备案), its address in the school's catchment.</summary>
    RentalInCatchment,

    /// <summary>随迁子女: a residence permit confirmed, and social insurance or a business registration (个体工商户, 企业法人).</summary>
    ResidencePermitAndInsurance,

    /// <summary>多孩长幼随学: an older child attends the school, as the school confirmed when it approved the application.</summary>
    SiblingAtSchool,
}

/// <summary>One category of the admission order (一类、二类…): a child is in it when every condition holds.</summary>
public sealed record AdmissionCategory(string Name, IReadOnlyList<AdmissionCondition> AllOf);

/// <summary>
/// 招生顺位 of one stage, as the county sets it: at an oversubscribed public school, the categories are admitted in
/// order while they fit; the first that does not fit is drawn by lottery for the places left; the rest are not admitted
/// there and the bureau places them.
/// </summary>
public sealed record AdmissionOrder(Stage Stage, IReadOnlyList<AdmissionCategory> Categories);

/// <summary>Where the school's children stand in its admission order.</summary>
public sealed record AdmissionRanking(
    IReadOnlyList<Application> Within,
    AdmissionCategory? LotteryCategory,
    IReadOnlyList<Application> Lottery,
    int LotteryPlaces,
    IReadOnlyList<Application> Below)
{
    public static AdmissionRanking Everyone(IReadOnlyList<Application> children) => new(children, null, [], 0, []);
}

public static class AdmissionOrders
{
    /// <summary>The statuses of children still in the running at a school: eligible, in its lottery, or admitted.</summary>
    public static readonly IReadOnlyList<ApplicationStatus> InTheRunning =
        [ApplicationStatus.Eligible, ApplicationStatus.LotteryPending, ApplicationStatus.Offered, ApplicationStatus.Waitlisted, ApplicationStatus.Admitted];

    /// <summary>The first category whose conditions all hold; the categories' count (after every category) when none does.</summary>
    public static int CategoryOf(County county, School school, AdmissionOrder order, Application application)
    {
        for (var i = 0; i < order.Categories.Count; i++)
        {
            if (order.Categories[i].AllOf.All(c => Holds(county, school, application, c)))
            {
                return i;
            }
        }

        return order.Categories.Count;
    }

    /// <summary>
    /// Ranks a public school's children (those <see cref="InTheRunning"/>) by its stage's order. Without an order, at a
    /// private school, or with no more children than places, everyone is within.
    /// </summary>
    public static AdmissionRanking Rank(County county, School school, IReadOnlyList<Application> children)
    {
        if (school.Kind != SchoolKind.Public || county.AdmissionOrderFor(school.Stage) is not { Categories.Count: > 0 } order || children.Count <= school.Plan.Places)
        {
            return AdmissionRanking.Everyone(children);
        }

        var within = new List<Application>();
        var below = new List<Application>();
        AdmissionCategory? lotteryCategory = null;
        IReadOnlyList<Application> lottery = [];
        var lotteryPlaces = 0;
        var left = school.Plan.Places;
        foreach (var group in children.GroupBy(a => CategoryOf(county, school, order, a)).OrderBy(g => g.Key))
        {
            var members = group.ToList();
            if (lotteryCategory is null && members.Count <= left)
            {
                within.AddRange(members);
                left -= members.Count;
            }
            else if (lotteryCategory is null && left > 0)
            {
                lotteryCategory = group.Key < order.Categories.Count ? order.Categories[group.Key] : new AdmissionCategory("其他", []);
                lottery = members;
                lotteryPlaces = left;
                left = 0;
            }
            else
            {
                below.AddRange(members);
            }
        }

        return new AdmissionRanking(within, lotteryCategory, lottery, lotteryPlaces, below);
    }

    private static bool Holds(County county, School school, Application application, AdmissionCondition condition) => condition switch
    {
        AdmissionCondition.HouseholdInCatchment => Established(application, FactKind.HouseholdRegistration)
            && InCatchment(county, school, application.Child.HouseholdRegistrationPlace),
        AdmissionCondition.PropertyInCatchment => application.Residence.Basis == EligibilityBasis.OwnedProperty
            && (Established(application, FactKind.PropertyRegistration) || Established(application, FactKind.SaleContract))
            && InCatchment(county, school, application.Residence.Address),
        AdmissionCondition.RentalInCatchment => application.Residence.Basis == EligibilityBasis.RegisteredRental
            && Established(application, FactKind.RentalFiling) && InCatchment(county, school, application.Residence.Address),
        AdmissionCondition.SiblingAtSchool => application.HasConfirmedSibling,
        _ => Established(application, FactKind.ResidencePermit) && (Established(application, FactKind.SocialInsurance)
            || Established(application, FactKind.BusinessLicence) || Established(application, FactKind.EnterpriseRegistration)),
    };

    /// <summary>Confirmed by the department, or shown by a document the school accepted when it approved the application.</summary>
    private static bool Established(Application application, FactKind kind) =>
        application.Facts.Any(f => f.Kind == kind && (f.Status == FactStatus.Matched || f.UploadId is not null));

    private static bool InCatchment(County county, School school, string? address) =>
        address is { Length: >= CatchmentLookup.MinimumLength } && CatchmentLookup.Find(county, address).Any(m => m.School.Id == school.Id);
}
