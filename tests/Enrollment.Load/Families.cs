using Enrollment.Core.Counties;

namespace Enrollment.Load;

/// <summary>
/// Makes the virtual families: each child unique in the run and of school age for the county's intake,
/// each guardian a mobile number of their own, schools taken in turn.
/// </summary>
public sealed class Families(County county)
{
    private readonly HashSet<string> _children = [];
    private int _guardians;

    public VirtualParent NewParent(HttpClient http)
    {
        var school = county.Schools[_guardians % county.Schools.Count].Id;
        var mobile = NextMobile();
        return new VirtualParent(http, mobile, TestForms.Valid(county.Id, school, NewChild(), mobile), NewKey());
    }

    /// <summary>The other guardian's phone, applying for the same child on their own account.</summary>
    public VirtualParent SecondPhone(HttpClient http, VirtualParent first)
    {
        var mobile = NextMobile();
        var form = first.Form with { Family = [first.Form.Family![0] with { Mobile = mobile }] };
        return new VirtualParent(http, mobile, form, NewKey());
    }

    private string NextMobile() => "139" + (10_000_000 + Interlocked.Increment(ref _guardians)).ToString("D8");

    /// <summary>Born within the year before the latest qualifying birth date.</summary>
    private string NewChild()
    {
        var latest = county.AgeRule.LatestBirthDate(county.EnrollmentYear);
        while (true)
        {
            var id = TestIdentity.ResidentId(latest.AddDays(-Random.Shared.Next(0, 365)));
            if (_children.Add(id))
            {
                return id;
            }
        }
    }

    private static string NewKey() => "load-" + Guid.NewGuid().ToString("N");
}
