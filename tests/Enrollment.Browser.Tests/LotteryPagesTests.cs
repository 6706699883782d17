using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>After the bureau's lottery for an oversubscribed private school, a parent sees the child's number, place and result on the phone.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LotteryPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    private School _school = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (County, _school) = await App.WithLotteryAsync(County, places: 2);
    }

    [Fact]
    public async Task AParentSeesTheChildsLotteryNumberPlaceAndResultAndConfirmsThePlace()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"/status");
        var ours = await SubmitFromPageAsync(page, TestIdentity.ResidentId(new DateOnly(2020, 1, 9)));
        var others = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var parent = await App.NewParentAsync();
            var submitted = await parent.SubmitAsync(TestForms.Valid(County.Id, _school.Id, TestIdentity.ResidentId(new DateOnly(2020, 4, 1 + i))));
            others.Add((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        var reviewer = await App.NewStaffAsync(StaffRole.SchoolReviewer, County.Id, _school.Id);
        foreach (var id in others.Append(ours))
        {
            await reviewer.ApproveApplicationAsync(_school.Id, id);
        }

        var officer = await App.NewStaffAsync(StaffRole.BureauOfficer, County.Id);
        (await officer.PostAsync($"/api/staff/counties/{County.Id}/lotteries/{_school.Id}/freeze", null)).EnsureSuccessStatusCode();

        await page.GotoAsync($"/status?id={ours}");
        var card = page.Locator(".status-card").First;
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("待派位");
        var pseudonym = (await card.Locator(".lottery-pseudonym").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9a-f]{16}$", pseudonym);
        await Expect(card.Locator(".status-lottery__tip")).ToContainTextAsync("名单已冻结并公开");
        await PhoneBrowser.ScreenshotAsync(page, "status-lottery-frozen.png");

        (await officer.PostAsJsonAsync($"/api/staff/counties/{County.Id}/lotteries/{_school.Id}/draw",
            new { publicValue = "2026094期 03 11 17 22 28 31 + 07", publicSource = "https://www.cwl.gov.cn/ygkj/wqkjgg/ssq/", liveValue = "4821" })).EnsureSuccessStatusCode();
        await page.ReloadAsync();

        var mine = await page.EvaluateAsync<JsonElement>("id => fetch('/api/parent/applications/' + id).then(r => r.json())", ours);
        var line = mine.GetProperty("lottery");
        Assert.True(line.GetProperty("offered").GetBoolean());
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已获派位，待确认");
        await Expect(card.Locator(".lottery-position")).ToHaveTextAsync("第 1 位");
        await Expect(card.Locator(".lottery-outcome")).ToContainTextAsync("获得学位，待您确认");
        await Expect(card.Locator(".offer-deadline")).ToContainTextAsync("2026-08-09 10:00（北京时间） 前确认");
        await PhoneBrowser.ScreenshotAsync(page, "status-lottery-offered.png");

        await card.Locator(".offer-accept").TapAsync();
        var confirm = page.Locator(".app-dialog .weui-dialog");
        await Expect(confirm).ToContainTextAsync("确认入学？");
        await confirm.Locator("button", new() { HasTextString = "确认入学" }).TapAsync();
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已录取");
        await Expect(card.Locator(".lottery-outcome")).ToHaveTextAsync("已录取");
        await Expect(card.Locator(".status-offer")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(page, "status-lottery-admitted.png");

        // The link opens the public transcript, where the family finds its own line.
        var transcript = await page.EvaluateAsync<string>("() => fetch(document.querySelector('.status-lottery__tip a').href).then(r => r.text())");
        Assert.Contains($"{line.GetProperty("position").GetInt32()} {pseudonym} ", transcript);
        Assert.True(Core.Lottery.LotteryVerifier.Verify(System.Text.Encoding.UTF8.GetBytes(transcript)).Identical);

        // Anyone recomputes it on their own phone: the published transcript is identical, a changed one is not.
        var verifyPage = await card.Locator(".status-lottery__tip a").Nth(1).GetAttributeAsync("href");
        Assert.Equal($"/public/lottery.html?county={County.Id}&school={_school.Id}", verifyPage);
        await page.GotoAsync(verifyPage!);
        await Expect(page.Locator("#lottery-lead")).ToContainTextAsync("派位已完成");
        await page.Locator("#verify-published").TapAsync();
        await Expect(page.Locator("#verify-result")).ToContainTextAsync("一致：公布的派位记录");
        await page.Locator("#find-pseudonym").FillAsync(pseudonym);
        await Expect(page.Locator("#find-answer")).ToContainTextAsync($"第 {line.GetProperty("position").GetInt32()} 位");
        await PhoneBrowser.ScreenshotAsync(page, "public-lottery-verified.png");
        await page.Locator("#verify-file").SetInputFilesAsync(new FilePayload
        {
            Name = "transcript.txt",
            MimeType = "text/plain",
            Buffer = System.Text.Encoding.UTF8.GetBytes(transcript.Replace("live-value 4821", "live-value 4822")),
        });
        await Expect(page.Locator("#verify-result")).ToContainTextAsync("不一致：第 10 行不同");
        await PhoneBrowser.ScreenshotAsync(page, "public-lottery-tampered.png");
    }

    /// <summary>Signs the page's guardian in, consents and submits, as the page's own scripts would; the application number.</summary>
    /// <summary>A 优抚 family, drawn in the first tier: the place is theirs whatever the numbers.</summary>
    private Task<string> SubmitFromPageAsync(IPage page, string childId) =>
        SubmitFromPageAsync(page, TestForms.Valid(County.Id, _school.Id, childId) with { PriorityClaims = [new PriorityClaimForm(PriorityKind.MartyrOrServiceFamily, "烈士子女")] }, "13912340001");
}
