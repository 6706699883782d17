using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Staff;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>代为报名 at a service point: a school's clerk fills the registration form for a family without a phone, on the same page parents use.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AssistedPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task AClerkRegistersAFamilyWithoutAPhoneAndTheGuardianCanFollowItByTheirNumber()
    {
        var school = County.Schools[0];
        await using var desk = await browser.NewPhoneAsync(Server);
        var page = await SignInStaffAsync(desk, await App.NewStaffAccountAsync(StaffRole.SchoolReviewer, County.Id, school.Id));
        await page.Locator("#assist-link").TapAsync();

        await Expect(page.Locator("#assist-section")).ToBeVisibleAsync();
        await Expect(page.Locator("#public-school")).ToHaveValueAsync(school.Id);
        await page.Locator("#child-name").FillAsync("赵小安");
        await page.Locator("#child-document-number").FillAsync(TestIdentity.ResidentId(new DateOnly(2020, 3, 21)));
        const string Mobile = "13611112222";
        await FillTheRestAsync(page, Mobile);

        // Without the guardian's consent on paper nothing is stored; with it, the application is the guardian's.
        await page.Locator("#submit-button").TapAsync();
        await Expect(page.Locator("#toptips")).ToContainTextAsync("需要监护人同意");
        await page.Locator("#assist-consent").CheckAsync();
        await PhoneBrowser.ScreenshotAsync(page, "assisted-registration.png");
        await page.Locator("#submit-button").TapAsync();
        await Expect(page.Locator(".weui-dialog")).ToContainTextAsync("代为报名已提交");
        await Expect(page.Locator(".weui-dialog")).ToContainTextAsync(Mobile);

        // The guardian signs in with a text to that number and finds the child's application.
        var guardian = App.NewPhone();
        (await guardian.PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile = Mobile })).EnsureSuccessStatusCode();
        (await guardian.PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile = Mobile, code = App.LastCodeSentTo(Mobile) })).EnsureSuccessStatusCode();
        var mine = await guardian.GetFromJsonAsync<JsonElement[]>("/api/parent/applications");
        Assert.Equal("赵小安", Assert.Single(mine!).GetProperty("childName").GetString());
    }
}
