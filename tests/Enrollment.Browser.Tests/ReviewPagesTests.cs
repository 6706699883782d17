using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>A school's reviewer on a phone, between classes: signs in, works through the queue, decides.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ReviewPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    private async Task<(string Id, HttpClient Phone)> NewApplicationAsync(string childName, DateOnly birthDate)
    {
        var phone = await App.NewParentAsync();
        var form = TestForms.Valid(County.Id, County.Schools[0].Id, TestIdentity.ResidentId(birthDate)).WithChild(c => c with { Name = childName });
        return (await phone.SubmitNewAsync(form), phone);
    }

    [Fact]
    public async Task AReviewerOfTwoSchoolsSwitchesBetweenThemByName()
    {
        var (first, second) = (County.Schools[0], County.Schools[1]);
        var reviewer = await App.NewStaffAccountAsync(StaffRole.SchoolReviewer, County.Id, first.Id, second.Id);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await SignInStaffAsync(phone, reviewer);
        await Expect(page.Locator("#school-name")).ToHaveTextAsync(first.Name);
        await Expect(page.Locator("#school-select option")).ToHaveTextAsync([first.Name, second.Name]);

        await page.Locator("#school-select").SelectOptionAsync(second.Id);
        await Expect(page.Locator("#school-name")).ToHaveTextAsync(second.Name);
    }

    [Fact]
    public async Task AReviewerApprovesReturnsAndRejectsFromTheQueueOnAPhone()
    {
        var school = County.Schools[0];
        var (approved, approvedPhone) = await NewApplicationAsync("张小一", new DateOnly(2020, 1, 1));
        var (returned, returnedPhone) = await NewApplicationAsync("李小二", new DateOnly(2020, 1, 2));
        var (rejected, rejectedPhone) = await NewApplicationAsync("欧阳小三", new DateOnly(2020, 1, 3));
        var reviewer = await App.NewStaffAccountAsync(StaffRole.SchoolReviewer, County.Id, school.Id);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();

        await page.GotoAsync("/staff/");
        await Expect(page.Locator("#staff-sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#staff-code-cell")).ToBeHiddenAsync();
        await page.Locator("#staff-name").FillAsync(reviewer.Account.Id);
        await page.Locator("#staff-password").FillAsync("wrong password");
        await PhoneBrowser.ScreenshotAsync(page, "staff-sign-in.png");
        await page.Locator("#staff-sign-in-button").TapAsync();
        await Expect(page.Locator("#toptips")).ToContainTextAsync("登录失败");
        await page.Locator("#staff-password").FillAsync(EnrollmentApp.StaffPassword);
        await page.Locator("#staff-sign-in-button").TapAsync();

        // The queue: masked names only, oldest first, counts against the plan.
        await Expect(page.Locator("#school-name")).ToHaveTextAsync(school.Name);
        await Expect(page.Locator("#plan-places")).ToHaveTextAsync(school.Plan.Places.ToString());
        var items = page.Locator(".queue-item");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(page.Locator("#toptips")).ToBeHiddenAsync();
        await Expect(items.Locator(".queue-item__name")).ToContainTextAsync(["张*一", "李*", "欧**三"]);
        await Expect(page.Locator("[data-queue=New] .queue-count")).ToHaveTextAsync("3");
        Assert.DoesNotContain("张小一", await page.Locator("body").InnerTextAsync());
        await Expect(page.Locator("#bulk-area")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "staff-queue.png");

        // Approve the first.
        await page.Locator($".queue-item[data-application-id=\"{approved}\"]").TapAsync();
        await Expect(page.Locator("#detail-name")).ToHaveTextAsync("张小一");
        await Expect(page.Locator("#detail-number")).ToHaveTextAsync(approved);
        await Expect(page.Locator(".detail-fact").First).ToContainTextAsync("核验一致");
        await PhoneBrowser.ScreenshotAsync(page, "staff-detail.png");
        await page.Locator("#approve-button").TapAsync();
        await page.Locator(".app-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#review-home")).ToBeVisibleAsync();
        await Expect(items).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-queue=Eligible] .queue-count")).ToHaveTextAsync("1");

        // Return the second: the address, with a message.
        await page.Locator($".queue-item[data-application-id=\"{returned}\"]").TapAsync();
        await page.Locator("#return-button").TapAsync();
        await page.Locator("#return-fields label", new() { HasText = "入学依据地址" }).TapAsync();
        await page.Locator("#return-message").FillAsync("入学依据地址缺少门牌号，请补充完整。");
        await PhoneBrowser.ScreenshotAsync(page, "staff-return.png");
        await page.Locator("#return-confirm").TapAsync();
        await Expect(items).ToHaveCountAsync(1);

        // Reject the third: a reason from the list, and the school's words.
        await page.Locator($".queue-item[data-application-id=\"{rejected}\"]").TapAsync();
        await page.Locator("#reject-button").TapAsync();
        await page.Locator("#reject-reasons label", new() { HasText = "不在本校招生范围" }).TapAsync();
        await page.Locator("#reject-text").FillAsync("住址属于城南小学招生片区。");
        await PhoneBrowser.ScreenshotAsync(page, "staff-reject.png");
        await page.Locator("#reject-confirm").TapAsync();
        await Expect(page.Locator("#queue-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-queue=Rejected] .queue-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#plan-text")).ToContainTextAsync("已通过 1 人");
        await Expect(page.Locator("#toast")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(page, "staff-queue-done.png");

        // Search by the masked name finds it wherever it stands; its page says it is decided.
        await page.Locator("#search-input").FillAsync("张*一");
        await page.Locator("#search-form button").TapAsync();
        await Expect(items).ToHaveCountAsync(1);
        await Expect(items.Locator(".queue-item__status")).ToHaveTextAsync("审核通过");
        await items.First.TapAsync();
        await Expect(page.Locator("#decision-none")).ToHaveTextAsync("这份报名已审核通过。");
        await Expect(page.Locator("#approve-button")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(page, "staff-decided.png");

        // What each guardian now sees.
        async Task<JsonElement> StatusAsync(HttpClient p, string id) => await p.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
        Assert.Equal("Eligible", (await StatusAsync(approvedPhone, approved)).GetProperty("status").GetString());
        var correction = (await StatusAsync(returnedPhone, returned)).GetProperty("correction");
        Assert.Equal("入学依据地址缺少门牌号，请补充完整。", correction.GetProperty("message").GetString());
        Assert.Equal(["residence.address"], correction.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        var rejection = await StatusAsync(rejectedPhone, rejected);
        Assert.Equal("Rejected", rejection.GetProperty("status").GetString());
        Assert.Equal("不在本校招生范围：住址属于城南小学招生片区。", rejection.GetProperty("timeline")[1].GetProperty("note").GetString());
    }
}
