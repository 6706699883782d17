using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Review;

/// <summary>The special groups the bureau keeps ledgers of (台账), as the form records them.</summary>
public enum SpecialGroup
{
    /// <summary>留守儿童: one or both parents working away.</summary>
    LeftBehind,

    /// <summary>孤儿.</summary>
    Orphan,

    /// <summary>事实无人抚养: parents alive but unable to bring the child up (missing, imprisoned, severely ill or disabled).</summary>
    DeFactoUnsupported,

    /// <summary>残疾儿童, with the placement the family prefers (随班就读 / 特殊教育学校 / 送教上门).</summary>
    Disabled,

    /// <summary>家庭经济困难: the family asked for financial aid.</summary>
    FinancialHardship,
}

public sealed record LedgerEntry(string ApplicationId, string MaskedName, string SchoolId, string SchoolName, ApplicationStatus Status,
    IReadOnlyList<SpecialGroup> Groups, DisabilityType? Disability, DisabilityPlacement? Placement);

/// <summary>
/// Special-group ledgers and the 应入尽入 report: every child of a special group whose application is not
/// admitted yet, so no such child ends the year unplaced without the bureau seeing it. Names are masked.
/// </summary>
public sealed class SpecialGroups(ICountyStore counties, IApplicationStore store)
{
    /// <summary>The county's children in <paramref name="group"/> (every special group when null); null when the county is not the caller's.</summary>
    public async Task<IReadOnlyList<LedgerEntry>?> LedgerAsync(StaffAccount staff, string countyId, SpecialGroup? group, bool unplacedOnly, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county)
        {
            return null;
        }

        var entries = new List<LedgerEntry>();
        foreach (var school in county.Schools)
        {
            await foreach (var application in store.ListAsync(school.Id, county.EnrollmentYear, cancellationToken))
            {
                var groups = GroupsOf(application.Circumstances);
                if (groups.Count == 0 || (group is { } wanted && !groups.Contains(wanted)) || (unplacedOnly && application.Status == ApplicationStatus.Admitted)
                    // A child the bureau placed is listed once, under the application that placed them.
                    || (application.Status != ApplicationStatus.Admitted && await store.IsSupersededAsync(application, cancellationToken)))
                {
                    continue;
                }

                entries.Add(new LedgerEntry(application.Id, PersonName.Mask(application.Child.Name), school.Id, school.Name, application.Status, groups,
                    application.Circumstances.Disability, application.Circumstances.DisabilityPlacement));
            }
        }

        return entries;
    }

    public static IReadOnlyList<SpecialGroup> GroupsOf(CircumstancesForm circumstances)
    {
        var groups = new List<SpecialGroup>();
        if (circumstances.LeftBehind is LeftBehindStatus.OneParentAway or LeftBehindStatus.BothParentsAway)
        {
            groups.Add(SpecialGroup.LeftBehind);
        }

        if (circumstances.Orphan == true)
        {
            groups.Add(SpecialGroup.Orphan);
        }

        if (circumstances.DeFactoUnsupported == true)
        {
            groups.Add(SpecialGroup.DeFactoUnsupported);
        }

        if (circumstances.Disability is not null)
        {
            groups.Add(SpecialGroup.Disabled);
        }

        if (circumstances.NeedsFinancialAid == true)
        {
            groups.Add(SpecialGroup.FinancialHardship);
        }

        return groups;
    }
}
