using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>A bureau officer on a phone closes registration early, a parent is refused at once, the officer reopens it.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class BureauPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    private Task<HttpResponseMessage> SubmitAnyChildAsync(HttpClient parent) =>
        parent.SubmitAsync(TestForms.Valid(County.Id, County.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 2, 1 + Random.Shared.Next(28)))));

    private async Task<IPage> SignInAsync(IBrowserContext phone, StaffEnrollment staff)
    {
        var page = await SignInStaffAsync(phone, staff);
        await Expect(page.Locator("#bureau-home")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task AnOfficerClosesRegistrationEarlyAParentIsRefusedAtOnceThenTheOfficerReopensIt()
    {
        var officer = await App.NewStaffAccountAsync(StaffRole.BureauOfficer, County.Id);
        var parent = await App.NewParentAsync();
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await SignInAsync(phone, officer);

        var registration = page.Locator(".window-item", new() { HasText = "网上报名" });
        await Expect(registration.Locator(".window-state")).ToHaveTextAsync("进行中");
        await Expect(page.Locator("#school-list .weui-cell")).ToHaveCountAsync(County.Schools.Count);
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

        var refused = await SubmitAnyChildAsync(parent);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("urn:enrollment:problem:window-not-open", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        // Reopen until the default new closing time the page offers (two days on, Beijing time).
        await page.Locator("#window-reason").FillAsync("延长报名两天");
        await page.Locator("#extend").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(registration.Locator(".window-state")).ToHaveTextAsync("进行中");
        await PhoneBrowser.ScreenshotAsync(page, "bureau-reopened.png");

        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(parent)).StatusCode);
    }

    [Fact]
    public async Task AnOfficerSeesDemandRunsALotteryAnswersAnAppealAndSeesWhoIsNotPlacedYet()
    {
        (County, var privateSchool) = await App.WithLotteryAsync(County, places: 2);
        var privateReviewer = await App.NewStaffAsync(StaffRole.SchoolReviewer, County.Id, privateSchool.Id);
        for (var i = 0; i < 3; i++)
        {
            var id = await (await App.NewParentAsync()).SubmitNewAsync(TestForms.Valid(County.Id, privateSchool.Id, TestIdentity.ResidentId(new DateOnly(2020, 5, 1 + i))));
            await privateReviewer.ApproveApplicationAsync(privateSchool.Id, id);
        }

        var appellant = await App.NewParentAsync();
        var rejected = (await (await appellant.SubmitAsync(TestForms.Valid(County.Id, County.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 6, 6))) with
            {
                Child = TestForms.Valid(County.Id, County.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 6, 6))).Child! with { Name = "周小护" },
                Circumstances = TestForms.Valid(County.Id, County.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 6, 6))).Circumstances! with { DeFactoUnsupported = true },
            })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await (await App.NewStaffAsync(StaffRole.SchoolReviewer, County.Id, County.Schools[0].Id)).RejectApplicationAsync(County.Schools[0].Id, rejected, "BasisNotMet", "不符合入学条件");
        (await appellant.PostAsJsonAsync("/api/parent/appeals", new { kind = "Appeal", applicationId = rejected, text = "我家户籍在本片区，户口簿已上传，请复核审核结果。" })).EnsureSuccessStatusCode();

        var admittedSchool = County.Schools[1];
        var admitted = new List<(HttpClient Parent, string Id)>();
        for (var i = 0; i < 2; i++)
        {
            var parent = await App.NewParentAsync();
            admitted.Add((parent, await parent.SubmitNewAsync(TestForms.Valid(County.Id, admittedSchool.Id, TestIdentity.ResidentId(new DateOnly(2020, 3, 3 + i))))));
        }

        County = await App.AdmitAsync(County, admittedSchool.Id, [.. admitted.Select(a => a.Id)]);

        var officer = await App.NewStaffAccountAsync(StaffRole.BureauOfficer, County.Id);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await SignInAsync(phone, officer);

        var demand = page.Locator("#dashboard-list .county-item", new() { HasText = privateSchool.Name });
        await Expect(demand.Locator(".weui-cell__ft")).ToHaveTextAsync("3 / 2");
        await Expect(demand).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dashboard-item_over"));
        await Expect(page.Locator("#unplaced-list")).ToContainTextAsync("周*护");
        await Expect(page.Locator("#unplaced-list")).ToContainTextAsync("事实无人抚养");
        await Expect(page.Locator("#placement-list")).ToContainTextAsync("周*护");
        await Expect(page.Locator("#placement-list")).ToContainTextAsync("审核未通过 → 对应");
        await page.Locator("#placement-list button", new() { HasTextString = "安置" }).TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#placement-list")).ToContainTextAsync("目前没有报名结束后仍无学位的孩子");
        // Placed, the special-group child leaves the 应入尽入 report too.
        await Expect(page.Locator("#unplaced-list")).ToContainTextAsync("特殊群体儿童均已录取");
        Assert.Contains((await appellant.GetFromJsonAsync<JsonElement[]>("/api/parent/applications"))!, a => a.GetProperty("status").GetString() == "Admitted");
        Assert.DoesNotContain("周小护", await page.Locator("body").InnerTextAsync());
        await PhoneBrowser.ScreenshotAsync(page, "bureau-dashboard.png");

        var lottery = page.Locator("#lottery-list .county-item", new() { HasText = privateSchool.Name });
        await lottery.Locator("button", new() { HasTextString = "冻结名单" }).TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(lottery).ToContainTextAsync("名单已冻结");
        await lottery.Locator("button", new() { HasTextString = "派位" }).TapAsync();
        await page.Locator("#draw-public").FillAsync("2026094期 03 11 17 22 28 31 + 07");
        await page.Locator("#draw-source").FillAsync("https://www.cwl.gov.cn/ygkj/wqkjgg/ssq/");
        await page.Locator("#draw-live").FillAsync("4821");
        await PhoneBrowser.ScreenshotAsync(page, "bureau-draw.png");
        await page.Locator("#draw-go").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(lottery).ToContainTextAsync("已派位");
        await Expect(lottery.Locator("button", new() { HasTextString = "重新派位" })).ToBeVisibleAsync();

        var classes = page.Locator("#class-list .county-item", new() { HasText = admittedSchool.Name });
        await classes.Locator("button", new() { HasTextString = "分班" }).TapAsync();
        await Expect(page.Locator("#draw-title")).ToContainTextAsync("均衡分班");
        await page.Locator("#draw-go").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync("分班完成");
        foreach (var (parent, id) in admitted)
        {
            Assert.InRange((await parent.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}")).GetProperty("class").GetInt32(), 1, admittedSchool.Plan.Classes);
        }
        var transcript = await App.CreateClient().GetByteArrayAsync($"/api/public/counties/{County.Id}/lotteries/{privateSchool.Id}/transcript.txt");
        Assert.True(Core.Lottery.LotteryVerifier.Verify(transcript).Identical);

        await page.Locator("#appeal-list button", new() { HasTextString = "办理" }).TapAsync();
        await Expect(page.Locator("#appeal-text")).ToContainTextAsync("请复核审核结果");
        await page.Locator("#appeal-answer").FillAsync("经复核，您家户籍在本片区，已通知学校重新审核。");
        // The child was placed meanwhile, so the appeal is answered without upholding it (upheld appeals: AppealTests).
        await Expect(page.Locator("#appeal-upheld-field")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "bureau-appeal.png");
        await page.Locator("#appeal-answer-go").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#appeal-list")).ToContainTextAsync("已答复");
        var mine = await appellant.GetFromJsonAsync<JsonElement[]>("/api/parent/appeals");
        Assert.Equal("经复核，您家户籍在本片区，已通知学校重新审核。", Assert.Single(mine!).GetProperty("answer").GetString());
        await PhoneBrowser.ScreenshotAsync(page, "bureau-worked.png");
    }

    [Fact]
    public async Task AnAuditorSeesTheCountyButCannotChangeIt()
    {
        var auditor = await App.NewStaffAccountAsync(StaffRole.Auditor, County.Id);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await SignInAsync(phone, auditor);

        await Expect(page.Locator(".window-item")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("#window-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#bureau-readonly")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "bureau-auditor.png");
    }
}
