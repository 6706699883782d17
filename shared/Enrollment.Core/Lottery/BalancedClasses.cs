using System.Security.Cryptography;
using System.Text;
using Enrollment.Core.Identity;

namespace Enrollment.Core.Lottery;

/// <summary>An admitted child as class assignment sees them: pseudonym, sex and birth month, nothing that ranks.</summary>
public sealed record AdmittedChild(string Pseudonym, Sex Sex, int BirthMonth);

public sealed record ClassPlacement(string Pseudonym, int Class);

/// <summary>
/// 均衡分班: admitted children are dealt into classes like cards, after sorting by sex, then birth month, then a
/// number drawn from a published seed (HMAC-SHA256(seed, "class\n" + pseudonym)). Dealing one round after another
/// means class sizes differ by at most one, each sex's count per class differs by at most one, and every class
/// gets children born across the year; the seed decides only who goes where among equals. No scores, no key classes.
/// </summary>
public static class BalancedClasses
{
    public static IReadOnlyList<ClassPlacement> Assign(IReadOnlyList<AdmittedChild> children, int classes, int classCap, string seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCap, 1);
        if (children.Count > classes * classCap)
        {
            throw new ArgumentException($"{children.Count} children do not fit {classes} classes of at most {classCap}; the plan needs more classes.", nameof(children));
        }

        using var hmac = new HMACSHA256(Convert.FromHexString(seed));
        return children
            .Select(c => (Child: c, Number: Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes("class\n" + c.Pseudonym)))))
            .OrderBy(c => c.Child.Sex).ThenBy(c => c.Child.BirthMonth).ThenBy(c => c.Number, StringComparer.Ordinal).ThenBy(c => c.Child.Pseudonym, StringComparer.Ordinal)
            .Select((c, i) => new ClassPlacement(c.Child.Pseudonym, i % classes + 1))
            .OrderBy(p => p.Pseudonym, StringComparer.Ordinal)
            .ToList();
    }
}
