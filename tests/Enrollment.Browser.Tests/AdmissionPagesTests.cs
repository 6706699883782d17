using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// 录取 and 报到 on phones: the school's head approves the final list, an officer confirms it, the family sees its
/// admission notice, and the school gate scans it and records the child as reported.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AdmissionPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task TheHeadApprovesTheOfficerConfirmsTheFamilySeesItsNoticeAndTheGateChecksItIn()
    {
        var school = County.Schools[0];
        var now = App.Time.GetUtcNow();
        County = County with
        {
            Calendar = County.Calendar with
            {
                Windows = [.. County.Calendar.Windows,
                    new WindowSetting(WindowKind.Admission, Stage.Primary, null, new Window(now.AddHours(-1), now.AddDays(2))),
                    new WindowSetting(WindowKind.CheckIn, Stage.Primary, null, new Window(now.AddHours(-1), now.AddDays(5)))],
            },
        };
        await App.Services.GetRequiredService<ICountyStore>().UpsertAsync(County, CancellationToken.None);

        await using var family = await browser.NewPhoneAsync(Server);
        var parentPage = await family.NewPageAsync();
        await parentPage.GotoAsync("/status");
        var ours = await SubmitFromPageAsync(parentPage, TestForms.Valid(County.Id, school.Id, TestIdentity.ResidentId(new DateOnly(2020, 3, 3))).WithChild(c => c with { Name = "陈小满" }), "13912340002");
        var other = await (await App.NewParentAsync()).SubmitNewAsync(TestForms.Valid(County.Id, school.Id, TestIdentity.ResidentId(new DateOnly(2020, 4, 4))));
        var reviewer = await App.NewStaffAsync(StaffRole.SchoolReviewer, County.Id, school.Id);
        await reviewer.ApproveApplicationAsync(school.Id, ours);
        await reviewer.ApproveApplicationAsync(school.Id, other);

        // The head: the list, then the approval.
        await using var headPhone = await browser.NewPhoneAsync(Server);
        var head = await SignInStaffAsync(headPhone, await App.NewStaffAccountAsync(StaffRole.SchoolHead, County.Id, school.Id));
        await Expect(head.Locator("#admission-state")).ToHaveTextAsync("待校长审定");
        await Expect(head.Locator("#admission-window")).ToContainTextAsync("名单 2 人");
        await head.Locator("#admission-toggle").TapAsync();
        await Expect(head.Locator(".admission-row")).ToHaveCountAsync(2);
        Assert.DoesNotContain("陈小满", await head.Locator("#admission-list").InnerTextAsync());
        await PhoneBrowser.ScreenshotAsync(head, "admission-head.png");
        await head.Locator("#admission-approve").TapAsync();
        await head.Locator(".app-dialog [data-ok]").TapAsync();
        await Expect(head.Locator("#admission-state")).ToHaveTextAsync("校长已审定，待教育局确认");
        await Expect(head.Locator("#admission-approve")).ToBeHiddenAsync();

        // The officer, on the school's page: confirms.
        await using var officerPhone = await browser.NewPhoneAsync(Server);
        var officer = await SignInStaffAsync(officerPhone, await App.NewStaffAccountAsync(StaffRole.BureauOfficer, County.Id), $"/staff/?school={school.Id}");
        await Expect(officer.Locator("#admission-confirm")).ToBeVisibleAsync();
        await officer.Locator("#admission-confirm").TapAsync();
        await officer.Locator(".app-dialog [data-ok]").TapAsync();
        await Expect(officer.Locator("#admission-state")).ToHaveTextAsync("已录取 2 人");
        await PhoneBrowser.ScreenshotAsync(officer, "admission-confirmed.png");

        // The family: admitted, with the notice and its code.
        await parentPage.GotoAsync($"/status?id={ours}");
        var card = parentPage.Locator(".status-card").First;
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已录取");
        await Expect(card.Locator(".status-notice")).ToBeVisibleAsync();
        await Expect(card.Locator(".notice-card__title")).ToContainTextAsync($"陈小满：2026年秋季入学 {school.Name}");
        await Expect(card.Locator(".notice-checkin")).ToContainTextAsync("报到");
        var code = (await card.Locator(".notice-code").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9A-F]{10}$", code);
        Assert.StartsWith("data:image/svg+xml", await card.Locator(".notice-card__qr").GetAttributeAsync("src"));
        await card.Locator(".status-notice").ScrollIntoViewIfNeededAsync();
        await PhoneBrowser.ScreenshotAsync(parentPage, "status-admission-notice.png");

        // The gate: a made-up code is not accepted; the family's is, and one tap records the child as reported.
        var gate = await headPhone.NewPageAsync();
        await gate.GotoAsync($"/staff/#gate/{school.Id}/{ours}/0000000000");
        await Expect(gate.Locator("#gate-result")).ToHaveTextAsync("无法核验");
        await gate.GotoAsync("about:blank");
        await gate.GotoAsync($"/staff/#gate/{school.Id}/{ours}/{code}");
        await Expect(gate.Locator("#gate-result")).ToHaveTextAsync("通知书有效");
        await Expect(gate.Locator("#gate-name")).ToHaveTextAsync("陈小满");
        await gate.Locator("#gate-check-in").TapAsync();
        await Expect(gate.Locator("#gate-text")).ToContainTextAsync("已登记报到");
        await PhoneBrowser.ScreenshotAsync(gate, "admission-gate.png");

        await parentPage.ReloadAsync();
        await Expect(parentPage.Locator(".status-card").First.Locator(".notice-checked-in")).ToContainTextAsync("完成报到");
        await head.ReloadAsync();
        await head.Locator("#admission-toggle").TapAsync();
        await Expect(head.Locator(".admission-row__done")).ToHaveCountAsync(1);
    }
}
