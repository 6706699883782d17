using System.Text.RegularExpressions;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace Enrollment.Functions.Tests;

/// <summary>
/// Every text a parent can meet exists in every language: each language file translates every Chinese text the
/// parent-facing code writes, with the same placeholders, and a text built from parts is translated as a whole.
/// </summary>
public sealed partial class TextsTests
{
    private static readonly string App = Path.Combine(RepositoryRoot.Path, "functions", "Enrollment.Functions");
    private static readonly Texts Texts = new(new PhysicalFileProvider(Path.Combine(App, "wwwroot")));

    /// <summary>Where the answers a parent reads are written, in the API and in the rules behind it.</summary>
    private static readonly string[] ParentFacingSources =
    [
        "functions/Enrollment.Functions/Http/Problems.cs",
        "functions/Enrollment.Functions/Parents/ApplicationView.cs",
        "functions/Enrollment.Functions/Parents/CorrectionFormApi.cs",
        "functions/Enrollment.Functions/Parents/DraftsApi.cs",
        "functions/Enrollment.Functions/Parents/FactView.cs",
        "functions/Enrollment.Functions/Parents/GovernmentSignInApi.cs",
        "functions/Enrollment.Functions/Parents/ParentSignInApi.cs",
        "functions/Enrollment.Functions/Parents/ParentsApi.cs",
        "functions/Enrollment.Functions/Parents/ReceiptsApi.cs",
        "functions/Enrollment.Functions/Parents/UploadsApi.cs",
        "functions/Enrollment.Functions/Parents/WeChatSignInApi.cs",
        "functions/Enrollment.Functions/Public/PublicApi.cs",
        "functions/Enrollment.Functions/Public/PublicInformationApi.cs",
        "shared/Enrollment.Core/Applications/ApplicationFormValidation.cs",
        "shared/Enrollment.Core/Applications/ApplicationService.cs",
        "shared/Enrollment.Core/Applications/Corrections.cs",
        "shared/Enrollment.Core/Counties/County.cs",
        "shared/Enrollment.Core/Applications/ApplicationStatus.cs",
        "shared/Enrollment.Core/Parents/ConsentText.cs",
        "shared/Enrollment.Core/Uploads/DocumentKinds.cs",
    ];

    public static TheoryData<string> Languages() => [.. Texts.Languages.Where(l => l != Texts.SourceLanguage)];

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryChineseTextTheParentFacingCodeWritesIsInEveryLanguage(string language)
    {
        // A key may hold a whole text built from several literals, so each literal need only appear within a key.
        var keys = Texts.Keys(language).Select(k => Hole().Replace(k, "{}")).ToArray();
        var missing = ParentFacingSources
            .SelectMany(source => Literal().Matches(NotForParents().Replace(File.ReadAllText(Path.Combine(RepositoryRoot.Path, source)), ""))
                .Select(m => (Source: source, Text: m.Groups["interpolated"].Success ? Hole().Replace(m.Groups["text"].Value, "{}") : m.Groups["text"].Value)))
            .Where(l => Han().IsMatch(l.Text))
            .Where(l => !keys.Any(k => k.Contains(l.Text, StringComparison.Ordinal)))
            .Select(l => $"{l.Source}: {l.Text}")
            .ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} texts missing from {language}.json:\n" + string.Join('\n', missing));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryChineseTextOnTheParentAndPublicPagesIsInEveryLanguage(string language)
    {
        var keys = Texts.Keys(language).Select(k => Space().Replace(Hole().Replace(k, "{}"), " ")).ToArray();
        var root = Path.Combine(App, "wwwroot");
        var missing = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(root, f).StartsWith("staff", StringComparison.Ordinal))
            .SelectMany(file => PageTexts(file).Select(text => (File: Path.GetRelativePath(root, file), Text: text)))
            .Where(t => Han().IsMatch(t.Text) && !keys.Any(k => k.Contains(t.Text, StringComparison.Ordinal)))
            .Select(t => $"{t.File}: {t.Text}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} texts missing from {language}.json:\n" + string.Join('\n', missing));
    }

    // A page's text nodes and labels; a script's string literals, with each ${…} as a placeholder. Comments are for developers.
    private static IEnumerable<string> PageTexts(string file)
    {
        var source = File.ReadAllText(file);
        var texts = file.EndsWith(".html", StringComparison.Ordinal)
            ? HtmlText().Matches(HtmlComment().Replace(source, "")).Select(m => m.Groups["text"].Success ? m.Groups["text"].Value : m.Groups["label"].Value)
            : ScriptLiteral().Matches(ScriptComment().Replace(source, ""))
                .SelectMany(m => Markup().Split(ScriptHole().Replace(m.Groups["text"].Value, "{}"))); // markup built in a script: its text nodes
        return texts.Select(t => Space().Replace(System.Net.WebUtility.HtmlDecode(t), " ").Trim());
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryTranslationKeepsItsKeysPlaceholders(string language)
    {
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(App, "wwwroot", Texts.Folder, $"{language}.json")));
        Assert.All(file.RootElement.EnumerateObject(), text => Assert.True(
            Names(text.Name).SequenceEqual(Names(text.Value.GetString()!)), $"{language}.json: \"{text.Name}\" and its translation name different placeholders"));
    }

    [Fact]
    public void ATextBuiltFromDataIsTranslatedWholeWithItsPartsInPlace()
    {
        Assert.Equal(
            "Online registration is open 2026-7-1 09:00 to 2026-7-5 17:00 (Beijing time). Please submit once it opens. Any time during registration is equally good: the order of submission does not affect admission.",
            Texts.Translate("en", "网上报名时间为 2026年7月1日 09:00 至 2026年7月5日 17:00（北京时间）。请在报名开始后再提交，报名期间任何时间提交都一样，提交先后不影响录取。"));
        Assert.Equal(
            "The following could not be confirmed by government data; please upload the matching documents and submit again: Household registration, Residence permit. Nothing you have entered is lost.",
            Texts.Translate("en", "以下信息未能通过部门数据核验，请上传对应材料后再提交：户籍信息、居住证。已填写的内容不会丢失。"));
        // A name stays as the family wrote it; a number splits where the template says.
        Assert.StartsWith("The 2026 list of new pupils of 第一小学 will be published",
            Texts.Translate("en", "第一小学2026年新生名单公示时间为 2026年8月1日 09:00 至 2026年8月5日 17:00（北京时间），请届时再来查看。录取结果也会通过短信或微信通知报名时填写的监护人。"));
        Assert.Equal("没有这句", Texts.Translate("en", "没有这句"));
        Assert.Equal("请先登录", Texts.Translate(Texts.SourceLanguage, "请先登录"));
    }

    [Theory]
    [InlineData(null, "zh-CN")]
    [InlineData("en-US,en;q=0.9", "en")]
    [InlineData("fr;q=1, en;q=0.5", "en")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("en;q=0, de", "zh-CN")]
    [InlineData("not a header;;", "zh-CN")]
    public void TheAnswerIsInTheFirstLanguageTheRequestAcceptsThatThereIsTextFor(string? acceptLanguage, string expected)
    {
        var context = new DefaultHttpContext();
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        Assert.Equal(expected, Texts.LanguageOf(context.Request));
    }

    private static string[] Names(string text) => [.. Hole().Matches(text).Select(m => m.Groups[1].Value).Order()];

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)(?::n)?\}|\{[^{}]*\}")]
    private static partial Regex Hole();

    [GeneratedRegex(@"(?<interpolated>\$)?""(?<text>(?:[^""\\\n]|\\.)*)""")]
    private static partial Regex Literal();

    // Comments and the API's own descriptions (OpenAPI summaries) are for developers.
    [GeneratedRegex(@"//[^\n]*|\.WithSummary\(""(?:[^""\\]|\\.)*""\)")]
    private static partial Regex NotForParents();

    [GeneratedRegex(@">(?<text>[^<>]+)<|\b(?:placeholder|aria-label|title|alt)=""(?<label>[^""]*)""")]
    private static partial Regex HtmlText();

    [GeneratedRegex(@"<!--.*?-->|<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"'(?<text>(?:[^'\\\n]|\\.)*)'|""(?<text>(?:[^""\\\n]|\\.)*)""|`(?<text>(?:[^`\\]|\\.)*)`")]
    private static partial Regex ScriptLiteral();

    [GeneratedRegex(@"^\s*//[^\n]*|/\*.*?\*/", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ScriptComment();

    [GeneratedRegex(@"\$\{(?:[^{}]|\{[^{}]*\})*\}")]
    private static partial Regex ScriptHole();

    [GeneratedRegex(@"<[^<>]*>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
