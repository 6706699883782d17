using System.Text.RegularExpressions;
using System.Web;
using Enrollment.Core.Counties;
using Enrollment.Functions.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// The parent's pages in a real browser at phone size, over real HTTP, against the app over the
/// real local emulators: what a parent who scanned a school's QR code actually goes through.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed partial class ParentPagesTests(LocalEmulators emulators, PhoneBrowser browser) : IClassFixture<PhoneBrowser>, IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private Uri _server = null!;
    private County _county = null!;

    public async Task InitializeAsync()
    {
        // A real socket on 127.0.0.1 and a port the OS picks: the browser cannot reach a TestServer.
        _app.UseKestrel(0);
        _app.StartServer();
        _server = _app.ClientOptions.BaseAddress;
        Assert.NotEqual(0, _server.Port);
        _county = await _app.CreateCountyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AParentRegistersAChildFromASchoolsQrLinkAndSeesTheStatus()
    {
        var school = _county.Schools[1];
        var idNumber = TestIdentity.ResidentId(new DateOnly(2019, 11, 20));
        await using var phone = await browser.NewPhoneAsync(_server);
        var page = await phone.NewPageAsync();

        await OpenAsync(page, $"/?county={_county.Id}&school={school.Id}");
        await SignInAndConsentAsync(page, screenshots: true);
        await Expect(page.Locator("#schoolId")).ToHaveValueAsync(school.Id);
        await Expect(page.Locator("#schoolId option:checked")).ToContainTextAsync(school.Name);
        await Expect(page.Locator("#school-info")).ToContainTextAsync(school.Address);

        await page.Locator("#childName").FillAsync("张小花");
        await page.Locator("#childIdNumber").FillAsync(idNumber);
        await page.Locator("#guardianName").FillAsync("张建华");
        await page.Locator("#guardianMobile").FillAsync("13812345678");
        await PhoneBrowser.ScreenshotAsync(page, "register.png");
        await page.Locator("#submit-button").TapAsync();

        await page.WaitForURLAsync(StatusUrl());
        var id = HttpUtility.ParseQueryString(new Uri(page.Url).Query)["id"];
        Assert.False(string.IsNullOrEmpty(id));
        var card = page.Locator(".status-card").First;
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已提交，等待学校审核");
        await Expect(card.Locator(".application-number")).ToHaveTextAsync(id);
        await Expect(card.Locator(".school")).ToHaveTextAsync(school.Name);
        await Expect(card.Locator(".child")).ToContainTextAsync("张小花");
        await Expect(card.Locator(".child")).ToContainTextAsync("2019-11-20");
        await Expect(card.Locator(".submitted")).ToHaveTextAsync("2026-08-06 10:00（北京时间）");
        await Expect(card.Locator(".id-number")).ToContainTextAsync("****");
        Assert.DoesNotContain(idNumber, await page.Locator("body").InnerTextAsync());
        await PhoneBrowser.ScreenshotAsync(page, "status.png");

        // "No application on this phone" must not show on the page that shows the application.
        await Expect(page.Locator("#status-empty")).ToBeHiddenAsync();

        // The same phone later: its cookie is enough to find the application again.
        var later = await phone.NewPageAsync();
        await OpenAsync(later, "/status");
        await Expect(later.Locator($".status-card[data-application-id=\"{id}\"] .status-text")).ToHaveTextAsync("已提交，等待学校审核");
        await Expect(later.Locator("#status-empty")).ToBeHiddenAsync();

        // Another phone, signed out, is asked to sign in; signed in as another guardian, it sees nothing of it.
        await using var otherPhone = await browser.NewPhoneAsync(_server);
        var stranger = await otherPhone.NewPageAsync();
        await OpenAsync(stranger, "/status");
        await Expect(stranger.Locator("#status-signed-out")).ToBeVisibleAsync();
        await OpenAsync(stranger, $"/?county={_county.Id}");
        await SignInAndConsentAsync(stranger, mobile: "13700000001");
        await OpenAsync(stranger, "/status");
        await Expect(stranger.Locator("#status-empty")).ToBeVisibleAsync();
        await Expect(stranger.Locator(".status-card")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AWrongIdNumberIsShownNextToTheFieldInChineseAndNothingIsLost()
    {
        var school = _county.Schools[0];
        await using var phone = await browser.NewPhoneAsync(_server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={_county.Id}&school={school.Id}");
        await SignInAndConsentAsync(page);
        await Expect(page.Locator("#schoolId")).ToHaveValueAsync(school.Id);

        await page.Locator("#childName").FillAsync("李小明");
        await page.Locator("#childIdNumber").FillAsync("340524198001010013");
        await page.Locator("#guardianName").FillAsync("李强");
        await page.Locator("#guardianMobile").FillAsync("13812345678");
        await page.Locator("#submit-button").TapAsync();

        var cell = page.Locator("[data-field=\"childIdNumber\"]");
        await Expect(cell).ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await Expect(page.Locator(".field-error", new() { HasTextString = "身份证号码" })).ToBeVisibleAsync();
        await Expect(page.Locator("#submit-button")).ToBeEnabledAsync();
        Assert.EndsWith("/", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("#schoolId")).ToHaveValueAsync(school.Id);
        await Expect(page.Locator("#childName")).ToHaveValueAsync("李小明");
        await Expect(page.Locator("#childIdNumber")).ToHaveValueAsync("340524198001010013");
        await Expect(page.Locator("#guardianName")).ToHaveValueAsync("李强");
        await Expect(page.Locator("#guardianMobile")).ToHaveValueAsync("13812345678");
        await Expect(page.Locator("[data-field=\"childName\"]")).Not.ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await PhoneBrowser.ScreenshotAsync(page, "register-error.png");
    }

    /// <summary>The two steps before the form: the guardian signs in, then reads and accepts the consent text.</summary>
    private static async Task SignInAndConsentAsync(IPage page, string mobile = "13812345678", bool screenshots = false)
    {
        await Expect(page.Locator("#register-form")).ToBeHiddenAsync();
        await page.Locator("#sign-in-mobile").FillAsync(mobile);
        if (screenshots)
        {
            await PhoneBrowser.ScreenshotAsync(page, "sign-in.png");
        }

        await page.Locator("#development-sign-in-button").TapAsync();
        await Expect(page.Locator("#consent-section")).ToBeVisibleAsync();
        await Expect(page.Locator("#consent-text")).ToContainTextAsync("处理目的");
        await Expect(page.Locator("#consent-button")).ToBeDisabledAsync();
        await page.Locator("#consent-check").CheckAsync();
        if (screenshots)
        {
            await PhoneBrowser.ScreenshotAsync(page, "consent.png");
        }

        await page.Locator("#consent-button").TapAsync();
        await Expect(page.Locator("#register-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#consent-section")).ToBeHiddenAsync();
    }

    /// <summary>Opens a page and insists it was served: a missing page fails here, not as a missing element later.</summary>
    private static async Task OpenAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response is { Ok: true }, $"GET {url} answered {response?.Status}: {(response is null ? "" : await response.TextAsync())}");
    }

    [GeneratedRegex(@"/status\?id=[^&]+")]
    private static partial Regex StatusUrl();
}
