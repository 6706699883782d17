using System.Text;

namespace Enrollment.Core.Counties;

/// <summary>A school whose catchment lists the community the address is in, as the bureau wrote it.</summary>
public sealed record CatchmentMatch(School School, string Community);

/// <summary>
/// Whether an application's address lies in its public school's catchment; when it does not, the schools whose
/// catchment it is in (none when the address names no listed community). Not a refusal: the reviewer looks.
/// </summary>
public sealed record CatchmentCheck(bool InCatchment, IReadOnlyList<string> CatchmentSchools);

/// <summary>
/// Which school's catchment (划片范围) an address a parent typed falls in, matched against the communities
/// the bureau lists. Parents type "人民路12号", "东关社区" or "东关" on a phone keyboard that may be in
/// full-width mode: all of these must find the school.
/// </summary>
public static class CatchmentLookup
{
    /// <summary>Shorter than this, a query would match half the county ("路", "关").</summary>
    public const int MinimumLength = 2;

    private static readonly string[] CommunitySuffixes = ["社区居委会", "居委会", "村委会", "社区", "小区", "村"];

    /// <summary>
    /// Every school whose catchment lists a community named in the address (东关社区 in "城关镇东关社区3号楼"),
    /// or a community whose name contains what the parent typed ("东关" finds 东关社区). A community the bureau
    /// split between schools ("新华社区（新华街以东）", "新华社区（新华街以西）") finds each of them.
    /// </summary>
    public static IReadOnlyList<CatchmentMatch> Find(County county, string address)
    {
        var query = Normalize(address);
        if (Core(query).Length < MinimumLength)
        {
            return [];
        }

        // One answer per school, even when the address names two of its communities ("北城新区滨河社区").
        return county.Schools
            .Select(school => (school, community: school.Catchment.Communities.FirstOrDefault(c => Matches(query, Normalize(NameOf(c))))))
            .Where(m => m.community is not null)
            .Select(m => new CatchmentMatch(m.school, m.community!))
            .ToList();
    }

    /// <summary>
    /// The public school of the stage whose catchment holds the address the application's residence basis names: where
    /// the bureau places a child without a place by default. Null when the address names no listed community.
    /// </summary>
    public static School? SchoolFor(County county, Applications.Application application, Stage stage) =>
        application.Residence.Address is { Length: >= MinimumLength } address
            ? Find(county, address).Select(m => m.School).FirstOrDefault(s => s.Kind == SchoolKind.Public && s.Stage == stage)
            : null;

    /// <summary>
    /// The catchment check of an application at a public school, from the address its residence basis names (else
    /// where the child lives); null at a private school, which has no catchment, or a school no longer configured.
    /// </summary>
    public static CatchmentCheck? Check(County county, Applications.Application application)
    {
        if (county.FindSchool(application.SchoolId) is not { Kind: SchoolKind.Public } school)
        {
            return null;
        }

        var matches = Find(county, application.Residence.Address ?? application.Child.CurrentAddress)
            .Where(m => m.School.Kind == SchoolKind.Public && m.School.Stage == school.Stage)
            .ToList();
        return matches.Any(m => m.School.Id == school.Id)
            ? new CatchmentCheck(true, [school.Name])
            : new CatchmentCheck(false, matches.Select(m => m.School.Name).ToList());
    }

    /// <summary>
    /// The text as compared: full-width letters, digits and brackets made half-width (NFKC), every space
    /// and punctuation mark removed, Latin letters in one case.
    /// </summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>The community's name without the bureau's note on which part of it belongs here.</summary>
    private static string NameOf(string community)
    {
        var normalized = community.Normalize(NormalizationForm.FormKC);
        var note = normalized.IndexOf('(', StringComparison.Ordinal);
        return note < 0 ? normalized : normalized[..note];
    }

    private static bool Matches(string query, string community)
    {
        var core = Core(community);
        return core.Length >= MinimumLength
            && (query.Contains(core, StringComparison.Ordinal) || community.Contains(query, StringComparison.Ordinal));
    }

    /// <summary>A name without "社区" and the like, which addresses often leave out and which alone names nothing.</summary>
    private static string Core(string name)
    {
        foreach (var suffix in CommunitySuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }
}
