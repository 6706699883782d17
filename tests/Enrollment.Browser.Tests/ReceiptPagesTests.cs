using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// 报名回执: the family opens its receipt from the status page and prints it; at on-site verification the school scans
/// its QR code, and a made-up code is refused.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class ReceiptPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task TheFamilyShowsItsReceiptAndTheSchoolItAppliedToScansItAsGenuine()
    {
        var school = County.Schools[0].Id;
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"/?county={County.Id}&school={school}");
        var id = await SubmitFromPageAsync(page, TestForms.Valid(County.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 6, 6))), "13812340041");

        await page.GotoAsync("/status");
        await page.Locator(".status-receipt").TapAsync();
        await Expect(page.Locator("#receipt-number")).ToHaveTextAsync(id);
        await Expect(page.Locator("#receipt-child")).ToHaveTextAsync("王小雨");
        await Expect(page.Locator("#receipt-id-number")).ToContainTextAsync("*");
        await Expect(page.Locator("#receipt-qr")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/svg"));
        await Expect(page.Locator("#receipt-print")).ToBeVisibleAsync();
        var code = await page.Locator("#receipt-code").TextContentAsync();
        Assert.Matches("^[0-9A-F]{10}$", code);
        await PhoneBrowser.ScreenshotAsync(page, "receipt.png");
        // Printed, the page is the receipt alone: no switches, no buttons.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("#receipt-print")).ToBeHiddenAsync();
        await Expect(page.Locator(".pref-bar")).ToBeHiddenAsync();

        await using var schoolPhone = await browser.NewPhoneAsync(Server);
        var staff = await SignInStaffAsync(schoolPhone, await App.NewStaffAccountAsync(Core.Staff.StaffRole.SchoolReviewer, County.Id, school));
        await Expect(staff.Locator(".queue-item").First).ToBeVisibleAsync();
        // Scanned with the phone's camera: the link opens the staff page afresh.
        await staff.GotoAsync("about:blank");
        await staff.GotoAsync($"/staff/#receipt/{school}/{id}/0000000000");
        await Expect(staff.Locator("#receipt-result")).ToHaveTextAsync("回执无法核验");
        await staff.GotoAsync("about:blank");
        await staff.GotoAsync($"/staff/#receipt/{school}/{id}/{code}");
        await Expect(staff.Locator("#receipt-result")).ToHaveTextAsync("回执真实有效");
        await Expect(staff.Locator("#receipt-name")).ToHaveTextAsync("王小雨");
        await Expect(staff.Locator("#receipt-text")).ToContainTextAsync(id);
        await PhoneBrowser.ScreenshotAsync(staff, "receipt-check.png");
        await staff.Locator("#receipt-open").TapAsync();
        await Expect(staff.Locator("#review-detail")).ToBeVisibleAsync();
    }
}
