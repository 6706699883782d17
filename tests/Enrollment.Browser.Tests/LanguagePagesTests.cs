using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// English on every parent and public page: a phone set to English opens them in English, a Chinese phone switches
/// with one tap and keeps the choice, and no Chinese is left on a page but the county's own data (names, addresses).
/// Screenshots of each page in both languages and in elder mode go to TestResults/screenshots.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class LanguagePagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    // Every text and label a parent can read, outside what is marked translate="no".
    private const string ChineseOnPage = """
        () => {
          const han = /[\u4e00-\u9fff]/;
          const found = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.nodeType === Node.ELEMENT_NODE ? n : n.parentElement;
            if (!el || ['SCRIPT', 'STYLE', 'TEXTAREA', 'NOSCRIPT'].includes(el.tagName) || el.closest('[translate="no"]')) continue;
            if (n.nodeType === Node.TEXT_NODE) {
              if (han.test(n.nodeValue)) found.push(n.nodeValue.replace(/\s+/g, ' ').trim());
            } else {
              for (const a of ['placeholder', 'aria-label', 'title', 'alt']) {
                const v = n.getAttribute(a);
                if (v && han.test(v)) found.push(v);
              }
            }
          }
          if (han.test(document.title)) found.push(document.title);
          return found;
        }
        """;

    /// <summary>The child's name on the test form: the family's own words.</summary>
    private const string Child = "王小雨";

    private IReadOnlyList<string> _data = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The county's own words (its name, its schools, their addresses and catchments, its policy) stay as the bureau wrote them.
        var client = App.CreateClient();
        var county = await client.GetFromJsonAsync<JsonElement>($"/api/public/counties/{County.Id}");
        var information = await client.GetFromJsonAsync<JsonElement>($"/api/public/counties/{County.Id}/information");
        var config = await client.GetFromJsonAsync<JsonElement>("/api/public/config");
        // Where a translation keeps Chinese on purpose (an address is written in Chinese, whatever the page's language).
        var kept = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "functions", "Enrollment.Functions", "wwwroot", "i18n", "en.json")))
            .RootElement.EnumerateObject().Select(p => p.Value.GetString()!).Where(v => System.Text.RegularExpressions.Regex.IsMatch(v, @"\p{IsCJKUnifiedIdeographs}"));
        _data = [.. Strings(county).Concat(Strings(information)).Concat(Strings(config)).Concat(kept).Append(Child)
            .Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length)];
    }

    [Fact]
    public async Task APhoneSetToEnglishReadsEveryParentAndPublicPageInEnglish()
    {
        await using var phone = await browser.NewPhoneAsync(Server, locale: "en-US");
        var page = await phone.NewPageAsync();
        var school = County.Schools[0].Id;
        var left = new List<string>();
        foreach (var (path, ready, name) in Pages(school))
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Expect(page.Locator("html")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("translating"));
            left.AddRange(await UntranslatedAsync(page, name));
            left.AddRange(await SeriousViolationsAsync(page, $"{name}, English"));
            await PhoneBrowser.ScreenshotAsync(page, $"en-{name}.png");
        }

        await page.GotoAsync($"/?county={County.Id}&school={school}");
        await page.Locator("#sign-in-mobile").FillAsync("13812340021");
        await page.Locator("#development-sign-in-button").TapAsync();
        await Expect(page.Locator("#consent-section")).ToBeVisibleAsync();
        left.AddRange(await UntranslatedAsync(page, "consent"));
        await PhoneBrowser.ScreenshotAsync(page, "en-consent.png");
        await page.Locator("#consent-check").CheckAsync();
        await page.Locator("#consent-button").TapAsync();
        await Expect(page.Locator("#register-form")).ToBeVisibleAsync();
        left.AddRange(await UntranslatedAsync(page, "form"));
        await PhoneBrowser.ScreenshotAsync(page, "en-form.png");

        // An answer from the API comes in English too: the age, checked as the ID is typed.
        await page.Locator("#child-document-number").FillAsync(TestIdentity.ResidentId(new DateOnly(2021, 9, 1)));
        await Expect(page.Locator("#child-document-number")).ToHaveAttributeAsync("aria-invalid", "true");
        left.AddRange(await UntranslatedAsync(page, "form, too young"));

        var form = TestForms.Valid(County.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 7, 9)));
        Assert.Equal(Child, form.Child!.Name);
        await SubmitFromPageAsync(page, form, "13812340021");
        await page.GotoAsync("/status");
        await Expect(page.Locator(".status-card")).ToBeVisibleAsync();
        left.AddRange(await UntranslatedAsync(page, "status"));
        await PhoneBrowser.ScreenshotAsync(page, "en-status.png");
        await page.Locator(".status-receipt").TapAsync();
        await Expect(page.Locator("#receipt-qr")).ToBeVisibleAsync();
        left.AddRange(await UntranslatedAsync(page, "receipt"));
        left.AddRange(await SeriousViolationsAsync(page, "receipt, English"));
        await PhoneBrowser.ScreenshotAsync(page, "en-receipt.png");

        Assert.True(left.Count == 0, $"Chinese left on English pages, or an accessibility finding:\n{string.Join('\n', left)}");
    }

    [Fact]
    public async Task AChinesePhoneSwitchesToEnglishWithOneTapAndKeepsItAndEveryPageHasAChineseAndAnElderScreenshot()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        var school = County.Schools[0].Id;
        foreach (var (path, ready, name) in Pages(school))
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            await PhoneBrowser.ScreenshotAsync(page, $"zh-{name}.png");
            await page.Locator("#elder-toggle").TapAsync();
            await PhoneBrowser.ScreenshotAsync(page, $"elder-{name}.png");
            await page.Locator("#elder-toggle").TapAsync();
        }

        await page.GotoAsync($"/public/?county={County.Id}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("#language-toggle")).ToHaveTextAsync("English");
        await page.Locator("#language-toggle").TapAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#county-sections")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("translating"));
        await Expect(page.Locator("#language-toggle")).ToHaveTextAsync("中文");
        Assert.Empty(await UntranslatedAsync(page, "public county, switched"));
        // Remembered: the next page opens in English, and one tap goes back.
        await page.GotoAsync($"/?county={County.Id}");
        await Expect(page.Locator("#sign-in-section")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.Locator("#language-toggle").TapAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("#sign-in-section")).ToContainTextAsync("手机号码");
    }

    [Fact]
    public async Task InElderModeTheFormAsksOnlyWhatMustBeFilledAndEveryStepHasItsScreenshot()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        var school = County.Schools[0].Id;
        await page.GotoAsync($"/?county={County.Id}&school={school}");
        await page.Locator("#sign-in-mobile").FillAsync("13812340051");
        await page.Locator("#development-sign-in-button").TapAsync();
        await Expect(page.Locator("#consent-section")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "zh-consent.png");
        await page.Locator("#consent-check").CheckAsync();
        await page.Locator("#consent-button").TapAsync();
        await Expect(page.Locator("#register-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#child-pinyin")).ToBeVisibleAsync();
        await Expect(page.Locator("#optional-toggle")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(page, "zh-form.png");

        await page.Locator("#elder-toggle").TapAsync();
        // Simpler: the optional fields wait behind one button; a real choice (the private school) stays.
        await Expect(page.Locator("#child-pinyin")).ToBeHiddenAsync();
        await Expect(page.Locator("#child-name")).ToBeVisibleAsync();
        await Expect(page.Locator("#private-school")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "elder-form.png");
        Assert.Empty(await SeriousViolationsAsync(page, "form, elder mode"));
        await page.Locator("#optional-toggle").TapAsync();
        await Expect(page.Locator("#child-pinyin")).ToBeVisibleAsync();
        await Expect(page.Locator("#optional-toggle")).ToHaveAttributeAsync("aria-expanded", "true");

        await SubmitFromPageAsync(page, TestForms.Valid(County.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 5, 5))), "13812340051");
        await page.GotoAsync("/status");
        await Expect(page.Locator(".status-card")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "elder-status.png");
        await page.Locator(".status-receipt").TapAsync();
        await Expect(page.Locator("#receipt-qr")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "elder-receipt.png");
        Assert.Empty(await SeriousViolationsAsync(page, "receipt, elder mode"));
        await page.Locator("#elder-toggle").TapAsync();
        await PhoneBrowser.ScreenshotAsync(page, "zh-receipt.png");
        await page.GotoAsync("/status");
        await Expect(page.Locator(".status-card")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "zh-status.png");
    }

    private (string Path, string Ready, string Name)[] Pages(string school) =>
    [
        ($"/?county={County.Id}&school={school}", "#sign-in-section", "entry"),
        ("/status", "#status-signed-out", "status-signed-out"),
        ($"/public/?county={County.Id}", "#county-sections", "public-county"),
        ($"/public/school.html?county={County.Id}&school={school}", "#page-title", "public-school"),
        ($"/public/lookup.html?county={County.Id}", "#lookup-form", "public-lookup"),
        ($"/public/lottery.html?county={County.Id}&school={school}", "h1", "public-lottery"),
    ];

    private async Task<IEnumerable<string>> UntranslatedAsync(IPage page, string name)
    {
        var texts = await page.EvaluateAsync<string[]>(ChineseOnPage);
        return texts.Where(t => System.Text.RegularExpressions.Regex.IsMatch(_data.Aggregate(t, (rest, data) => rest.Replace(data, "")), @"\p{IsCJKUnifiedIdeographs}"))
            .Select(t => $"{name}: {t}");
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
