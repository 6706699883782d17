using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// 适老化与无障碍: axe-core (WCAG 2.1 A and AA rules) on every page a family, the public or staff open first, at phone
/// size: no serious or critical violation. A grandparent with a screen reader or large text registers the child too.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AccessibilityTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task NoPageHasASeriousOrCriticalAccessibilityViolation()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        var school = County.Schools[0].Id;
        var found = new List<string>();
        foreach (var (path, ready, name) in new[]
                 {
                     ($"/?county={County.Id}&school={school}", "#sign-in-section", "entry"),
                     ("/status", "#status-signed-out", "status, signed out"),
                     ($"/public/?county={County.Id}", "#county-sections", "public county"),
                     ($"/public/school.html?county={County.Id}&school={school}", "#page-title", "public school"),
                     ($"/public/lookup.html?county={County.Id}", "#lookup-form", "public lookup"),
                     ("/staff/", "#staff-sign-in", "staff sign-in"),
                 })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(ready)).ToBeVisibleAsync();
            found.AddRange(await SeriousViolationsAsync(page, name));
        }

        await page.GotoAsync($"/?county={County.Id}&school={school}");
        await page.Locator("#sign-in-mobile").FillAsync("13812340009");
        await page.Locator("#development-sign-in-button").TapAsync();
        await Expect(page.Locator("#consent-section")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolationsAsync(page, "consent"));
        await page.Locator("#consent-check").CheckAsync();
        await page.Locator("#consent-button").TapAsync();
        await Expect(page.Locator("#register-form")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolationsAsync(page, "registration form"));

        await SubmitFromPageAsync(page, TestForms.Valid(County.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 7, 7))), "13812340009");
        await page.GotoAsync("/status");
        await Expect(page.Locator(".status-card")).ToBeVisibleAsync();
        found.AddRange(await SeriousViolationsAsync(page, "status"));

        foreach (var (staff, ready, name) in new[]
                 {
                     (await App.NewStaffAccountAsync(Core.Staff.StaffRole.SchoolReviewer, County.Id, school), ".queue-item", "review queue"),
                     (await App.NewStaffAccountAsync(Core.Staff.StaffRole.BureauOfficer, County.Id), "#school-list .weui-cell", "bureau"),
                 })
        {
            await using var staffPhone = await browser.NewPhoneAsync(Server);
            var staffPage = await SignInStaffAsync(staffPhone, staff);
            await Expect(staffPage.Locator(ready).First).ToBeVisibleAsync();
            found.AddRange(await SeriousViolationsAsync(staffPage, name));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task ElderModeEnlargesEveryPageAndThePhoneRemembersIt()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"/?county={County.Id}&school={County.Schools[0].Id}");
        var toggle = page.Locator("#elder-toggle");
        await Expect(toggle).ToHaveTextAsync("长辈模式");
        var before = await page.Locator("#county-title").BoundingBoxAsync();

        await toggle.TapAsync();
        await Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("elder"));
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        var after = await page.Locator("#county-title").BoundingBoxAsync();
        Assert.True(after!.Height > before!.Height * 1.2, $"title {before.Height} → {after.Height} px high");
        // Larger, and still no sideways scrolling on a phone.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await PhoneBrowser.ScreenshotAsync(page, "entry-elder.png");
        Assert.Empty(await SeriousViolationsAsync(page, "entry, elder mode"));

        // Every parent and public page opens in it from now on, until it is switched off.
        await page.GotoAsync($"/public/?county={County.Id}");
        await Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("elder"));
        await Expect(page.Locator("#county-sections")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "public-elder.png");
        await page.Locator("#elder-toggle").TapAsync();
        await page.GotoAsync("/status");
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("elder"));
        await Expect(page.Locator("#elder-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
    }

    // What a finger taps: each visible control, or the cell or label that takes its tap, at least 44 by 44 CSS pixels.
    // A link inside a sentence is exempt, as WCAG 2.5.8 exempts inline targets.
    private const string SmallTargets = """
        () => {
          const small = [];
          const controls = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [tabindex="0"]';
          for (const el of document.querySelectorAll(controls)) {
            const box = el.getBoundingClientRect();
            // Not shown, or shown only through its label (a visually hidden checkbox): the label is what is tapped.
            if (box.width <= 1 || box.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
            const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline'
              && [...el.parentElement.childNodes].some(n => n !== el && n.nodeType === Node.TEXT_NODE && n.nodeValue.trim());
            if (inline) continue;
            // A control inside a label, or in a cell that is tapped whole, is tapped anywhere on it.
            const wrapper = el.closest('label, .weui-cell_access');
            const area = wrapper ? wrapper.getBoundingClientRect() : box;
            const width = Math.max(box.width, area.width);
            const height = Math.max(box.height, area.height);
            if (width < 44 || height < 44) {
              small.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
            }
          }
          return small;
        }
        """;

    [Fact]
    public async Task EveryControlAParentTapsIsAtLeast44PixelsSquare()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        var school = County.Schools[0].Id;
        var small = new List<string>();
        foreach (var (path, ready) in new[]
                 {
                     ($"/?county={County.Id}&school={school}", "#sign-in-section"),
                     ("/status", "#status-signed-out"),
                     ($"/public/?county={County.Id}", "#county-sections"),
                     ($"/public/school.html?county={County.Id}&school={school}", "#page-title"),
                     ($"/public/lookup.html?county={County.Id}", "#lookup-form"),
                 })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(ready)).ToBeVisibleAsync();
            small.AddRange((await page.EvaluateAsync<string[]>(SmallTargets)).Select(s => $"{path}: {s}"));
        }

        await page.GotoAsync($"/?county={County.Id}&school={school}");
        await page.Locator("#sign-in-mobile").FillAsync("13812340031");
        await page.Locator("#development-sign-in-button").TapAsync();
        await Expect(page.Locator("#consent-section")).ToBeVisibleAsync();
        small.AddRange((await page.EvaluateAsync<string[]>(SmallTargets)).Select(s => $"consent: {s}"));
        await page.Locator("#consent-check").CheckAsync();
        await page.Locator("#consent-button").TapAsync();
        await Expect(page.Locator("#register-form")).ToBeVisibleAsync();
        small.AddRange((await page.EvaluateAsync<string[]>(SmallTargets)).Select(s => $"form: {s}"));

        Assert.True(small.Count == 0, $"{small.Count} targets under 44 px:\n{string.Join('\n', small.Distinct())}");
    }
}
