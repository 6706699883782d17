using System.Text.RegularExpressions;

namespace Enrollment.Deployment.Tests;

/// <summary>The README and the manual in docs/ stay true: their links lead somewhere, and the settings they name are the app's, all of them.</summary>
public partial class DocsTests
{
    private static readonly string Docs = Path.Combine(Bicep.RepositoryRoot, "docs");

    public static TheoryData<string> Pages => new(new[] { Path.Combine(Bicep.RepositoryRoot, "README.md") }
        .Concat(Directory.EnumerateFiles(Docs, "*.md"))
        .Select(p => Path.GetRelativePath(Bicep.RepositoryRoot, p)));

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLinkLeadsToAFileAndItsHeading(string page)
    {
        var path = Path.Combine(Bicep.RepositoryRoot, page);
        var broken = Link().Matches(File.ReadAllText(path))
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal))
            .Where(target => !Resolves(Path.GetDirectoryName(path)!, target, path))
            .ToList();

        Assert.True(broken.Count == 0, $"{page} links to what does not exist: {string.Join(", ", broken)}");
    }

    [Fact]
    public void TheConfigurationPageNamesOnlySettingsTheAppReads()
    {
        var named = Documented();
        var unknown = named.Where(name => !AppSettings.All.Any(pattern => AppSettings.Matches(pattern, name) || AppSettings.Matches(name, pattern))).Order().ToList();

        Assert.NotEmpty(named);
        Assert.True(unknown.Count == 0, $"docs/configuration.md names settings the app never reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void EverySettingTheAppReadsIsOnTheConfigurationPage()
    {
        var named = Documented();
        var undocumented = AppSettings.All.Where(pattern => !named.Any(name => AppSettings.Matches(pattern, name) || AppSettings.Matches(name, pattern))).ToList();

        Assert.True(undocumented.Count == 0, $"docs/configuration.md does not describe: {string.Join(", ", undocumented)}");
    }

    /// <summary>
    /// The setting names in backticks on the configuration page. A <c>&lt;Placeholder&gt;</c> segment stands for any one
    /// (<c>`Timers__&lt;Name&gt;`</c>), and <c>`__Key`</c> right after a name is that name's sibling (<c>`A__B` / `__C`</c>).
    /// </summary>
    private static IReadOnlyList<string> Documented()
    {
        var names = new List<string>();
        string? previous = null;
        foreach (var token in Quoted().Matches(File.ReadAllText(Path.Combine(Docs, "configuration.md"))).Select(m => m.Groups["name"].Value))
        {
            var name = token.StartsWith("__", StringComparison.Ordinal) && previous is not null
                ? previous[..previous.LastIndexOf("__", StringComparison.Ordinal)] + token
                : token;
            if (!name.StartsWith("__", StringComparison.Ordinal) && name.Contains("__", StringComparison.Ordinal) && !name.StartsWith("AZURE_FUNCTIONS_", StringComparison.Ordinal))
            {
                names.Add(Placeholder().Replace(name, "*"));
                previous = name;
            }
        }

        return names;
    }

    private static bool Resolves(string folder, string target, string page)
    {
        var (file, anchor) = target.Split('#', 2) is [var f, var a] ? (f, a) : (target, null);
        var resolved = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(folder, file));
        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return false;
        }

        return anchor is null || !resolved.EndsWith(".md", StringComparison.Ordinal)
            || Heading().Matches(File.ReadAllText(resolved)).Any(h => Slug(h.Groups["text"].Value) == anchor);
    }

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string Slug(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{N} _-]", "").Replace(' ', '-');

    [GeneratedRegex(@"`(?<name>[A-Za-z_][A-Za-z0-9_<>]*)`")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"<[A-Za-z]+>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
