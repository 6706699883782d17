using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Enrollment.Functions.Tests;
using Enrollment.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>A bureau officer on a phone closes registration early, a parent is refused at once, the officer reopens it.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class BureauPagesTests(LocalEmulators emulators, PhoneBrowser browser) : IClassFixture<PhoneBrowser>, IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly EnrollmentApp _app = new(emulators);
    private Uri _server = null!;
    private County _county = null!;

    public async Task InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        _server = _app.ClientOptions.BaseAddress;
        _county = await _app.CreateCountyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> SubmitAsync(HttpClient parent) =>
        await parent.PostAsJsonAsync("/api/parent/applications",
            TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 2, 1 + Random.Shared.Next(28)))), Json);

    private async Task<IPage> SignInAsync(IBrowserContext phone, StaffEnrollment staff)
    {
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/staff/");
        await page.Locator("#staff-name").FillAsync(staff.Account.Id);
        await page.Locator("#staff-password").FillAsync(EnrollmentApp.StaffPassword);
        await page.Locator("#staff-sign-in-button").TapAsync();
        if (staff.TotpSecret is { } secret)
        {
            await Expect(page.Locator("#staff-code-cell")).ToBeVisibleAsync();
            await page.Locator("#staff-code").FillAsync(_app.Services.GetRequiredService<StaffSignIn>().CurrentCode(secret));
            await page.Locator("#staff-sign-in-button").TapAsync();
        }

        await Expect(page.Locator("#bureau-home")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task AnOfficerClosesRegistrationEarlyAParentIsRefusedAtOnceThenTheOfficerReopensIt()
    {
        var officer = await _app.NewStaffAccountAsync(StaffRole.BureauOfficer, _county.Id);
        var parent = await _app.NewParentAsync();
        await using var phone = await browser.NewPhoneAsync(_server);
        var page = await SignInAsync(phone, officer);

        var registration = page.Locator(".window-item", new() { HasText = "网上报名" });
        await Expect(registration.Locator(".window-state")).ToHaveTextAsync("进行中");
        await Expect(page.Locator("#school-list .weui-cell")).ToHaveCountAsync(_county.Schools.Count);
        await PhoneBrowser.ScreenshotAsync(page, "bureau-home.png");

        // A reason is required before anything changes.
        await page.Locator("#close-now").TapAsync();
        await Expect(page.Locator("#toptips")).ToContainTextAsync("请填写原因");
        await page.Locator("#window-reason").FillAsync("因系统升级提前截止");
        await page.Locator("#close-now").TapAsync();
        await PhoneBrowser.ScreenshotAsync(page, "bureau-confirm.png");
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(registration.Locator(".window-state")).ToHaveTextAsync("已结束");
        await Expect(page.Locator("#change-history .timeline-item").First).ToContainTextAsync("因系统升级提前截止");
        await PhoneBrowser.ScreenshotAsync(page, "bureau-closed.png");

        var refused = await SubmitAsync(parent);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("urn:enrollment:problem:window-not-open", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        // Reopen until the default new closing time the page offers (two days on, Beijing time).
        await page.Locator("#window-reason").FillAsync("延长报名两天");
        await page.Locator("#extend").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(registration.Locator(".window-state")).ToHaveTextAsync("进行中");
        await PhoneBrowser.ScreenshotAsync(page, "bureau-reopened.png");

        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(parent)).StatusCode);
    }

    [Fact]
    public async Task AnAuditorSeesTheCountyButCannotChangeIt()
    {
        var auditor = await _app.NewStaffAccountAsync(StaffRole.Auditor, _county.Id);
        await using var phone = await browser.NewPhoneAsync(_server);
        var page = await SignInAsync(phone, auditor);

        await Expect(page.Locator(".window-item")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#window-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#bureau-readonly")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "bureau-auditor.png");
    }
}
