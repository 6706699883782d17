using System.Text.Json.Nodes;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// A county from nothing to its opening morning, on phones: the platform's operator sets it up; its first officer
/// signs in with what the page showed once, imports the schools, writes and publishes the public texts, rehearses the
/// opening day, wipes the rehearsal, and registration opens as configured.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class OnboardingPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task TheOperatorSetsUpACountyWhoseOfficerImportsPublishesRehearsesWipesAndOpensRegistration()
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

        // The schools, catchments, plans and calendar come in through the import (docs/onboarding.md), here from the officer's own session.
        var now = App.Time.GetUtcNow();
        var schools = new JsonArray(SchoolJson($"{id}-101", "新设县实验小学", "Public", "城关社区"), SchoolJson($"{id}-102", "新设县第二小学", "Public", "南关社区"),
            SchoolJson($"{id}-201", "新设县育英民办小学", "Private", null));
        var windows = new JsonArray(new JsonObject { ["kind"] = "Registration", ["stage"] = "Primary", ["window"] = new JsonObject { ["opens"] = now.AddHours(2), ["closes"] = now.AddDays(5) } });
        var imported = await officer.EvaluateAsync<int>(@"async ([id, schools, windows]) => {
            const route = `/api/staff/counties/${id}/configuration`;
            const current = await fetch(route);
            const file = await (await fetch(`${route}/export`)).json();
            Object.assign(file, { schools: JSON.parse(schools), windows: JSON.parse(windows) });
            const response = await fetch(`${route}/import?reason=${encodeURIComponent('首次导入学校和学区')}`, {
              method: 'POST', headers: { 'Content-Type': 'application/json', 'If-Match': current.headers.get('ETag') }, body: JSON.stringify(file) });
            return response.status;
          }", new[] { id, schools.ToJsonString(), windows.ToJsonString() });
        Assert.Equal(200, imported);

        await officer.ReloadAsync();
        await Expect(officer.Locator("#school-list .weui-cell")).ToHaveCountAsync(3);
        // The texts form is filled in once the page has read them (the last step: one rules box per school).
        await Expect(officer.Locator("#texts-school-rules textarea")).ToHaveCountAsync(3);
        await officer.Locator("#texts-summary").FillAsync("2027年秋季小学招生实行免试就近入学，公办学校按划片范围招生，民办学校报名超过计划时电脑随机派位。");
        await officer.Locator("#texts-conditions").FillAsync("户籍或房产在片区内");
        await officer.Locator("#texts-procedure").FillAsync("扫码进入报名页面\n填写孩子和监护人信息\n提交后查看审核进度");
        await officer.Locator("#texts-materials").FillAsync("户口簿｜户籍在片区的家庭；部门核验不上时拍照上传。");
        await officer.Locator("#texts-hotline").FillAsync("0358-1234500");
        await officer.Locator("#texts-reception").FillAsync("县教育局一楼招生办");
        await officer.Locator("#texts-online").FillAsync("县政府网站“局长信箱”");
        await officer.Locator("#texts-reason").FillAsync("公布本县招生政策");
        await officer.Locator("#texts-save").TapAsync();
        await Expect(officer.Locator("#texts-state")).ToContainTextAsync("尚未发布的草稿");
        await officer.Locator("#texts-publish").TapAsync();
        await officer.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(officer.Locator("#texts-state")).ToContainTextAsync("家长现在看到的版本");

        // A small rehearsal of the opening day, its report, then the wipe.
        await Expect(officer.Locator("#rehearsal-state")).ToContainTextAsync("公开页面看不到");
        await officer.Locator("#rehearsal-children").FillAsync("30");
        await officer.Locator("#rehearsal-run").TapAsync();
        await officer.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(officer.Locator("#rehearsal-state")).ToContainTextAsync("演练了 30 名学生", new() { Timeout = 60_000 });
        var problems = await officer.Locator(".rehearsal-report__error").AllTextContentsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await Expect(officer.Locator("#rehearsal-state")).ToContainTextAsync("各环节均未出错");
        await Expect(officer.Locator("#rehearsal-report table")).ToContainTextAsync("集中报名");
        await Expect(officer.Locator("#rehearsal-report table")).ToContainTextAsync("随机派位");
        await Expect(officer.Locator("#toast")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(officer.Locator("#rehearsal-form"), "bureau-rehearsal-report.png");
        var visitor = await phone.NewPageAsync();
        await visitor.GotoAsync($"/public/?county={id}.rehearsal");
        await Expect(visitor.Locator("#county-sections")).ToBeHiddenAsync();
        await officer.Locator("#rehearsal-wipe").TapAsync();
        await officer.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(officer.Locator("#rehearsal-state")).ToContainTextAsync("公开页面看不到");
        await Expect(officer.Locator("#rehearsal-report")).ToBeHiddenAsync();
        await Expect(officer.Locator("#rollover-state")).ToContainTextAsync("全部结束");
        await PhoneBrowser.ScreenshotAsync(officer.Locator("#rollover-form"), "bureau-rollover.png");

        // Registration opens at the time the county set, and the public page says so.
        await visitor.GotoAsync($"/public/?county={id}");
        await Expect(visitor.Locator("#timeline .state_NotYetOpen")).ToHaveCountAsync(1);
        App.Time.Advance(TimeSpan.FromHours(3));
        await visitor.ReloadAsync();
        await Expect(visitor.Locator("#timeline .state_Open")).ToContainTextAsync("进行中");
        await Expect(visitor.GetByText("公办学校按划片范围招生")).ToBeVisibleAsync();
    }

    private static JsonObject SchoolJson(string id, string name, string kind, string? community) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["kind"] = kind,
        ["stage"] = "Primary",
        ["address"] = "城关镇学府路1号",
        ["hotline"] = "0358-1234567",
        ["catchment"] = new JsonObject { ["description"] = community ?? "面向全县招生", ["communities"] = community is null ? new JsonArray() : new JsonArray(community) },
        ["plan"] = new JsonObject { ["places"] = 90, ["classes"] = 2 },
    };
}
