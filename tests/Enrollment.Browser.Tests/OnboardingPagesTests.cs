using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>The platform's operator sets up a county on a phone; its first officer signs in with what the page showed once.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class OnboardingPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task TheOperatorSetsUpACountyAndItsFirstOfficerSignsInToItsEmptyConfiguration()
    {
        var @operator = await App.NewStaffAccountAsync(StaffRole.PlatformOperator, StaffAccount.PlatformScope);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await SignInStaffAsync(phone, @operator);
        await Expect(page.Locator("#platform-home")).ToBeVisibleAsync();

        var id = "x" + Guid.NewGuid().ToString("N")[..8];
        await page.Locator("#county-id").FillAsync(id);
        await page.Locator("#county-name-input").FillAsync("新设县");
        await page.Locator("#county-division").FillAsync("99");
        await page.Locator("#county-officer").FillAsync($"wang@{id}");
        await page.Locator("#county-officer-name").FillAsync("招生办 王芳");
        await page.Locator("#county-create").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#toptips")).ToContainTextAsync("行政区划代码");

        await page.Locator("#county-division").FillAsync("14" + Random.Shared.Next(1, 10_000).ToString("D4"));
        await page.Locator("#county-stage-junior").UncheckAsync();
        await page.Locator("#county-create").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#county-made")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "platform-county-made.png");
        var password = await page.Locator("#county-made-password").TextContentAsync();
        var secret = await page.Locator("#county-made-secret").TextContentAsync();

        await using var officerPhone = await browser.NewPhoneAsync(Server);
        var officer = await officerPhone.NewPageAsync();
        await officer.GotoAsync("/staff/");
        await officer.Locator("#staff-name").FillAsync($"wang@{id}");
        await officer.Locator("#staff-password").FillAsync(password!);
        await officer.Locator("#staff-sign-in-button").TapAsync();
        await officer.Locator("#staff-code").FillAsync(App.Services.GetRequiredService<StaffSignIn>().CurrentCode(secret!));
        await officer.Locator("#staff-sign-in-button").TapAsync();
        await Expect(officer.Locator("#bureau-county")).ToContainTextAsync("新设县");
        await Expect(officer.Locator("#school-list .weui-cell")).ToHaveCountAsync(0);
        await Expect(officer.Locator("#bureau-empty")).ToContainTextAsync("导入");
        await Expect(officer.Locator("#texts-state")).ToContainTextAsync("家长现在看到的版本");
        await PhoneBrowser.ScreenshotAsync(officer, "bureau-new-county.png");
    }
}
