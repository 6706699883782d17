using Enrollment.Core.Staff;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// An officer on a phone edits the county's public texts, previews them as families will read them and publishes
/// them, then publishes an announcement; the public page shows both only once published.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class PublishPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task AnOfficerDraftsPreviewsAndPublishesTheTextsAndAnAnnouncementThatThePublicPageThenShows()
    {
        var officer = await App.NewStaffAccountAsync(StaffRole.BureauOfficer, County.Id);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await SignInStaffAsync(phone, officer);
        await Expect(page.Locator("#bureau-home")).ToBeVisibleAsync();
        await Expect(page.Locator("#texts-state")).ToContainTextAsync("家长现在看到的版本");

        const string Summary = "2027年秋季小学招生实行免试就近入学，公办学校按划片范围招生。";
        await page.Locator("#texts-summary").FillAsync(Summary);
        await page.Locator("#texts-materials").FillAsync("户口簿｜户籍在片区的家庭；部门核验不上时拍照上传。\n预防接种证");
        await page.Locator($"#texts-school-rules textarea[data-school='{County.Schools[0].Id}']").FillAsync("本校按户籍+房产、房产、户籍、居住证+社保的顺序录取。");
        await page.Locator("#texts-reason").FillAsync("公布2027年招生政策");
        await page.Locator("#texts-save").TapAsync();
        // A material without why it is needed is refused, with the reason in words.
        await Expect(page.Locator("#toptips")).ToContainTextAsync("为什么需要");

        await page.Locator("#texts-materials").FillAsync("户口簿｜户籍在片区的家庭；部门核验不上时拍照上传。\n预防接种证｜所有家庭；入学时查验，报名时无需上传。");
        await page.Locator("#texts-save").TapAsync();
        await Expect(page.Locator("#texts-preview")).ToContainTextAsync(Summary);
        await Expect(page.Locator("#texts-state")).ToContainTextAsync("尚未发布的草稿");
        await page.Locator("#texts-preview").ScrollIntoViewIfNeededAsync();
        await PhoneBrowser.ScreenshotAsync(page, "bureau-texts-preview.png");

        // Not public yet: the public page still reads the published policy.
        var visitor = await phone.NewPageAsync();
        await visitor.GotoAsync($"/public/?county={County.Id}");
        await Expect(visitor.Locator("#page-title")).ToContainTextAsync("小学招生");
        await Expect(visitor.GetByText(Summary)).ToHaveCountAsync(0);

        await page.Locator("#texts-publish").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#texts-state")).ToContainTextAsync("家长现在看到的版本");

        await page.Locator("#announcement-kind").SelectOptionAsync("Answer");
        await page.Locator("#announcement-title").FillAsync("租房家庭如何报名？");
        await page.Locator("#announcement-body").FillAsync("问：租房家庭如何报名？\n答：持租赁备案和居住证报名。");
        await page.Locator("#announcement-go").TapAsync();
        await page.Locator(".weui-dialog [data-ok]").TapAsync();
        await Expect(page.Locator("#announcement-list")).ToContainTextAsync("政策问答 · 租房家庭如何报名？");
        await page.Locator("#announcement-form").ScrollIntoViewIfNeededAsync();
        await PhoneBrowser.ScreenshotAsync(page, "bureau-announcements.png");

        await visitor.ReloadAsync();
        await Expect(visitor.GetByText(Summary)).ToBeVisibleAsync();
        await Expect(visitor.Locator("#materials")).ToContainTextAsync("入学时查验");
        await Expect(visitor.Locator("#announcements")).ToContainTextAsync("租房家庭如何报名？");
        await visitor.Locator("#announcements summary").First.TapAsync();
        await Expect(visitor.Locator("#announcements .announcement-body").First).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(visitor, "public-announcements.png");

        await visitor.GotoAsync($"/public/school.html?county={County.Id}&school={County.Schools[0].Id}");
        await Expect(visitor.Locator("#school-rules")).ToContainTextAsync("居住证+社保");
        await Expect(visitor.Locator("#rules-section")).ToBeVisibleAsync();
    }
}
