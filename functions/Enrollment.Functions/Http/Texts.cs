using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Enrollment.Functions.Http;

/// <summary>
/// What parents read, in their language. The pages and the answers are written in Chinese, the source language; each
/// other language is one file under <c>wwwroot/i18n/</c> (<c>en.json</c>) that maps every Chinese text to its
/// translation, as gettext does. A translator adds a language by adding a file; the pages (<c>js/i18n.js</c>) and
/// the API's problem answers read the same file. A key may hold <c>{name}</c> placeholders for the parts a text
/// takes from data (a date, a number, a school); the translation places them where its language needs them.
/// </summary>
public sealed partial class Texts
{
    public const string SourceLanguage = "zh-CN";
    public const string Folder = "i18n";

    private readonly FrozenDictionary<string, Catalog> _catalogs;

    public Texts(IFileProvider webRoot)
    {
        var catalogs = new Dictionary<string, Catalog>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in webRoot.GetDirectoryContents(Folder).Where(f => f.Name.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var stream = file.CreateReadStream();
            catalogs[Path.GetFileNameWithoutExtension(file.Name)] = new Catalog(JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!);
        }

        _catalogs = catalogs.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Chinese, and every language a file translates it into.</summary>
    public IEnumerable<string> Languages => _catalogs.Keys.Prepend(SourceLanguage);

    /// <summary>The language to answer in: the first the request accepts (by quality) that there is text for, matched whole or by its primary tag; else Chinese.</summary>
    public string LanguageOf(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var accepted))
        {
            return SourceLanguage;
        }

        var languages = Languages.ToArray();
        foreach (var tag in accepted.Where(a => a.Quality is not 0).OrderByDescending(a => a.Quality ?? 1).Select(a => a.Value.Value))
        {
            var primary = tag?.Split('-')[0];
            var language = languages.FirstOrDefault(l => string.Equals(l, tag, StringComparison.OrdinalIgnoreCase))
                ?? languages.FirstOrDefault(l => string.Equals(l.Split('-')[0], primary, StringComparison.OrdinalIgnoreCase));
            if (language is not null)
            {
                return language;
            }
        }

        return SourceLanguage;
    }

    /// <summary><paramref name="text"/> in <paramref name="language"/>; the Chinese as it is where no translation exists.</summary>
    public string Translate(string language, string text) =>
        _catalogs.TryGetValue(language, out var catalog) ? catalog.Translate(text) ?? text : text;

    /// <summary>Whether <paramref name="language"/> translates <paramref name="text"/>, whole or by a template: for the test that no parent meets untranslated Chinese.</summary>
    public bool Covers(string language, string text) => _catalogs[language].Translate(text) is not null;

    /// <summary>The keys of a language's file, for the test that holds every file to the same keys.</summary>
    public IReadOnlyCollection<string> Keys(string language) => _catalogs[language].Keys;

    private sealed partial class Catalog
    {
        private const string ListSeparator = "、";

        private readonly FrozenDictionary<string, string> _exact;
        private readonly (Regex Pattern, string Translation)[] _templates;
        private readonly string? _listSeparator;

        public Catalog(Dictionary<string, string> texts)
        {
            Keys = texts.Keys;
            _exact = texts.Where(t => !Placeholder().IsMatch(t.Key)).ToFrozenDictionary(StringComparer.Ordinal);
            // A template matches a whole text, and its placeholders take what stands in their place. Where two match, the
            // one with more fixed text wins ("请上传不超过 {size} MB 的照片…" before "请上传{document}。").
            _templates = [.. texts.Where(t => Placeholder().IsMatch(t.Key))
                .OrderByDescending(t => Placeholder().Replace(t.Key, "").Length)
                .Select(t => (Pattern(t.Key), Placeholder().Replace(t.Value, "{$1}")))];
            _listSeparator = _exact.GetValueOrDefault(ListSeparator);
        }

        public IReadOnlyCollection<string> Keys { get; }

        // "{name}" takes any text, "{name:n}" only digits (so "{school}{year:n}年" splits where the year begins).
        private static Regex Pattern(string key)
        {
            var pattern = new System.Text.StringBuilder("^");
            var at = 0;
            foreach (Match placeholder in Placeholder().Matches(key))
            {
                pattern.Append(Regex.Escape(key[at..placeholder.Index]))
                    .Append($"(?<{placeholder.Groups[1].Value}>{(placeholder.Groups[2].Success ? @"\d+" : ".+?")})");
                at = placeholder.Index + placeholder.Length;
            }

            return new Regex(pattern.Append(Regex.Escape(key[at..])).Append('$').ToString(),
                RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
        }

        public string? Translate(string text)
        {
            if (_exact.TryGetValue(text, out var translation))
            {
                return translation;
            }

            foreach (var (pattern, template) in _templates)
            {
                if (pattern.Match(text) is { Success: true } match)
                {
                    return Placeholder().Replace(template, p => Part(match.Groups[p.Groups[1].Value].Value));
                }
            }

            return null;
        }

        // What fills a placeholder is translated too where it can be (a school's kind, a window), and a list joined with
        // "、" where every item can be (the documents still needed); a name, a number or the bureau's own text stays as it
        // is. It is shorter than the text it came from, so this ends.
        private string Part(string value)
        {
            if (Translate(value) is { } translated)
            {
                return translated;
            }

            var items = _listSeparator is null ? [] : value.Split(ListSeparator).Select(Translate).ToArray();
            return items.Length > 1 && items.All(i => i is not null) ? string.Join(_listSeparator, items) : value;
        }

        [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)(:n)?\}")]
        private static partial Regex Placeholder();
    }
}
