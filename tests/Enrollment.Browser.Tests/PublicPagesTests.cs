using System.Text.RegularExpressions;
using Enrollment.Core.Counties;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>阳光招生 at phone size: what a parent reads before registering, without signing in.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class PublicPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    [Fact]
    public async Task AParentReadsTheCountyPageASchoolPageAndLooksUpTheirAddress()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();

        // From the registration page, one tap to the public information of the same county.
        await OpenAsync(page, $"/?county={County.Id}");
        await Expect(page.Locator("#public-link")).ToHaveAttributeAsync("href", $"/public/?county={County.Id}");
        // Once the sign-in step shows the page has stopped moving, so the tap lands on the link.
        await Expect(page.Locator("#sign-in-section")).ToBeVisibleAsync();
        await page.Locator("#public-link").TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/public/\\?county={County.Id}$"));
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("测试县2026年小学招生");
        await Expect(page.Locator("#school-list .school-cell")).ToHaveCountAsync(County.Schools.Count);
        await Expect(page.Locator("#conditions li").First).ToHaveTextAsync("年满6周岁（2020年8月31日及以前出生）");
        await Expect(page.Locator("#timeline")).ToContainTextAsync(County.Calendar.Windows[0].Window!.Describe());
        await Expect(page.Locator("#timeline")).ToContainTextAsync("进行中");
        await Expect(page.Locator("#materials")).ToContainTextAsync("部门核验");
        await Expect(page.Locator("#complaints a[href=\"tel:0358-1234500\"]")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "public-county.png");

        var school = County.Schools[2];
        await page.Locator("#school-list .school-cell").Filter(new() { HasText = school.Name }).TapAsync();
        await Expect(page.Locator("#page-title")).ToHaveTextAsync(school.Name);
        await Expect(page.Locator("#page-lead a[href=\"tel:" + school.Hotline + "\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("#school-plan")).ToContainTextAsync("180 人，4 个班");
        await Expect(page.Locator("#school-communities li")).ToHaveTextAsync(["南街社区", "新华社区（新华街以东）"]);
        await Expect(page.Locator("#new-students")).ToContainTextAsync("新生名单尚未公示");
        await Expect(page.Locator("#register-link")).ToHaveAttributeAsync("href", $"/?county={County.Id}&school={school.Id}");
        await PhoneBrowser.ScreenshotAsync(page, "public-school.png");

        await page.Locator("#lookup-link").TapAsync();
        await page.Locator("#lookup-address").FillAsync("城关镇　东关社区５号楼");
        await page.Locator("#lookup-button").TapAsync();
        await Expect(page.Locator("#lookup-answer")).ToContainTextAsync($"属于{County.Schools[0].Name}的划片范围");
        await Expect(page.Locator("#lookup-matches .lookup-match")).ToHaveCountAsync(1);
        await PhoneBrowser.ScreenshotAsync(page, "public-lookup.png");

        await page.Locator("#lookup-address").FillAsync("新华社区");
        await page.Locator("#lookup-button").TapAsync();
        await Expect(page.Locator("#lookup-matches .lookup-match")).ToHaveCountAsync(2);
        await PhoneBrowser.ScreenshotAsync(page, "public-lookup-several.png");

        await page.Locator("#lookup-address").FillAsync("幸福里小区");
        await page.Locator("#lookup-button").TapAsync();
        await Expect(page.Locator("#lookup-answer a[href=\"tel:0358-1234500\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("#lookup-matches")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(page, "public-lookup-none.png");

        // An empty address is refused, and the answer to the last one does not stay beside the refusal.
        await page.Locator("#lookup-address").FillAsync("");
        await page.Locator("#lookup-button").TapAsync();
        await Expect(page.Locator("#toptips")).ToBeVisibleAsync();
        await Expect(page.Locator("#lookup-result")).ToBeHiddenAsync();

        // A result opens the school's page.
        await page.Locator("#lookup-address").FillAsync("东关");
        await page.Locator("#lookup-button").TapAsync();
        await page.Locator("#lookup-matches .lookup-match").TapAsync();
        await Expect(page.Locator("#page-title")).ToHaveTextAsync(County.Schools[0].Name);
    }

    [Fact]
    public async Task AnUnknownCountyShowsWhereToGoInstead()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();

        await OpenAsync(page, "/public/school.html?county=nowhere&school=x");

        await Expect(page.Locator("#page-lead")).ToContainTextAsync("没有找到该县区或学校");
        await Expect(page.Locator("#register-link")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(page, "public-not-found.png");
    }

    private static async Task OpenAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response is { Ok: true }, $"GET {url} answered {response?.Status}");
    }
}
