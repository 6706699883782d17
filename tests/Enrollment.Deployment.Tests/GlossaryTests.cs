using System.Reflection;
using System.Text.RegularExpressions;

namespace Enrollment.Deployment.Tests;

/// <summary>docs/glossary.md gives each term of the domain its one name in code; the names it gives stay the code's.</summary>
public partial class GlossaryTests
{
    private static readonly Assembly[] Code = [typeof(Core.Applications.Application).Assembly, typeof(Functions.EnrollmentOptions).Assembly];

    [Fact]
    public void EveryNameTheGlossaryGivesIsATypeOrMemberInTheCode()
    {
        var names = InCode().ToList();
        var types = Code.SelectMany(a => a.GetTypes()).Where(t => !t.IsNested || t.IsNestedPublic).ToLookup(t => t.Name);
        var missing = names.Where(name => !Exists(types, name)).ToList();

        Assert.True(names.Count > 40, $"the glossary's code column reads as {names.Count} names");
        Assert.True(missing.Count == 0, $"docs/glossary.md names what the code does not have: {string.Join(", ", missing)}");
    }

    /// <summary>The backticked names in the third column of every table row, except routes.</summary>
    private static IEnumerable<string> InCode() =>
        File.ReadLines(Path.Combine(Bicep.RepositoryRoot, "docs", "glossary.md"))
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("|---", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 4 && cells[1] != "term")
            .SelectMany(cells => Quoted().Matches(cells[3]).Select(m => m.Groups["name"].Value))
            .Where(name => !name.StartsWith('/'));

    private static bool Exists(ILookup<string, Type> types, string name)
    {
        var parts = name.Split('.');
        return parts.Length switch
        {
            1 => types[parts[0]].Any(),
            2 => types[parts[0]].Any(t => t.GetMember(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length > 0),
            _ => false,
        };
    }

    [GeneratedRegex("`(?<name>[^`]+)`")]
    private static partial Regex Quoted();
}
