using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using Enrollment.Core.Counties;
using Enrollment.Functions.Tests;
using Enrollment.Tests.Shared;
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
    /// <summary>The fields a submission needs whatever the child's document (ApplicationFormValidation), each a cell on the page.</summary>
    private static readonly string[] AlwaysRequired =
    [
        "schoolIds", "child.name", "child.documentType", "child.birthplaceCode", "child.nativePlace", "child.ethnicityCode",
        "child.nationalityCode", "child.overseasStatus", "child.health", "child.householdRegistrationPlace", "child.householdType",
        "child.currentAddress", "child.phone", "child.postcode", "residence.basis", "residence.address",
        "family[0].name", "family[0].relationship", "family[0].isGuardian", "family[0].mobile",
        "circumstances.onlyChild", "circumstances.attendedKindergarten", "circumstances.leftBehind", "circumstances.migrantWorkerChild",
        "circumstances.orphan", "circumstances.martyrOrPriorityCareChild", "circumstances.needsFinancialAid", "circumstances.needsSchoolBus",
        "circumstances.boarding",
    ];

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
        await Expect(page.Locator("#public-school")).ToHaveValueAsync(school.Id);
        await Expect(page.Locator("#public-school option:checked")).ToContainTextAsync(school.Name);
        await Expect(page.Locator("#private-school")).ToHaveValueAsync("");
        await Expect(page.Locator("#school-info")).ToContainTextAsync(school.Address);

        // A resident ID says the birth date and sex: the form never asks for them.
        await Expect(page.Locator("[data-field=\"child.sex\"]")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-field=\"child.birthDate\"]")).ToBeHiddenAsync();
        await page.Locator("#child-name").FillAsync("张小花");
        await page.Locator("#child-document-number").FillAsync(idNumber);
        await Expect(page.Locator("#document-tip")).ToContainTextAsync("2019年11月20日出生");
        await FillTheRestAsync(page, mobile: "13812345678");

        // What the page fills in by itself: the birthplace from the ID, the phone from the guardian, the addresses.
        await Expect(page.Locator("#child-birthplace-code")).ToHaveValueAsync("110105000000");
        await Expect(page.Locator("#child-phone")).ToHaveValueAsync("13812345678");
        await Expect(page.Locator("#residence-address")).ToHaveValueAsync("临县城关镇人民路12号3单元");
        await Expect(page.Locator("#same-address")).ToBeCheckedAsync();
        await Expect(page.Locator("[data-field=\"child.mailingAddress\"]")).ToBeHiddenAsync();
        await PhoneBrowser.ScreenshotAsync(page, "register.png");
        using var sent = await SubmitAndReadRequestAsync(page);

        // Exactly ApplicationForm: nothing asked that the resident ID already says, optional parts left out.
        var form = sent.RootElement;
        Assert.Equal([school.Id], form.GetProperty("schoolIds").EnumerateArray().Select(e => e.GetString()));
        var child = form.GetProperty("child");
        Assert.Equal("ResidentId", child.GetProperty("documentType").GetString());
        Assert.Equal(idNumber, child.GetProperty("documentNumber").GetString());
        Assert.False(child.TryGetProperty("sex", out _));
        Assert.False(child.TryGetProperty("birthDate", out _));
        Assert.False(child.TryGetProperty("pinyin", out _));
        Assert.Equal("01", child.GetProperty("ethnicityCode").GetString());
        Assert.Equal("CHN", child.GetProperty("nationalityCode").GetString());
        Assert.Equal(child.GetProperty("currentAddress").GetString(), child.GetProperty("homeAddress").GetString());
        Assert.Equal(child.GetProperty("currentAddress").GetString(), child.GetProperty("mailingAddress").GetString());
        var guardian = Assert.Single(form.GetProperty("family").EnumerateArray());
        Assert.Equal(JsonValueKind.True, guardian.GetProperty("isGuardian").ValueKind);
        Assert.False(guardian.TryGetProperty("documentType", out _));
        Assert.Equal(JsonValueKind.False, form.GetProperty("circumstances").GetProperty("orphan").ValueKind);
        Assert.False(form.GetProperty("circumstances").TryGetProperty("distanceToSchoolKm", out _));
        Assert.Equal(0, form.GetProperty("priorityClaims").GetArrayLength());

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
        await Expect(card.Locator(".id-number-label")).ToHaveTextAsync("身份证号");
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
        await Expect(page.Locator("#public-school")).ToHaveValueAsync(school.Id);

        await page.Locator("#child-name").FillAsync("李小明");
        await page.Locator("#child-document-number").FillAsync("340524198001010013");
        await FillTheRestAsync(page, mobile: "13812345678");
        await page.Locator("#submit-button").TapAsync();

        var cell = page.Locator("[data-field=\"child.documentNumber\"]");
        await Expect(cell).ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await Expect(page.Locator(".field-error", new() { HasTextString = "身份证号码" })).ToBeVisibleAsync();
        await Expect(cell).ToBeInViewportAsync();
        await Expect(page.Locator("#toptips")).ToContainTextAsync("填写的信息有误");
        await Expect(page.Locator("#submit-button")).ToBeEnabledAsync();
        Assert.EndsWith("/", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator(".weui-cell_warn")).ToHaveCountAsync(1);

        // Everything typed is still there.
        await Expect(page.Locator("#public-school")).ToHaveValueAsync(school.Id);
        await Expect(page.Locator("#child-name")).ToHaveValueAsync("李小明");
        await Expect(page.Locator("#child-document-number")).ToHaveValueAsync("340524198001010013");
        await Expect(page.Locator("#child-native-place")).ToHaveValueAsync("山西临县");
        await Expect(page.Locator("#child-current-address")).ToHaveValueAsync("临县城关镇人民路12号3单元");
        await Expect(page.Locator("#member-0-name")).ToHaveValueAsync("李建国");
        await Expect(page.Locator("#member-0-mobile")).ToHaveValueAsync("13812345678");
        await Expect(page.Locator("input[name=\"onlyChild\"][value=\"true\"]")).ToBeCheckedAsync();
        await Expect(page.Locator("input[name=\"boarding\"][value=\"Day\"]")).ToBeCheckedAsync();
        await Expect(page.Locator("#basis-household")).ToBeCheckedAsync();
        await Expect(page.Locator("[data-field=\"child.name\"]")).Not.ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await PhoneBrowser.ScreenshotAsync(page, "register-error.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PhoneBrowser.ScreenshotDirectory, "register-error-screen.png") });

        // Corrected, the same form goes through.
        await page.Locator("#child-document-number").FillAsync(TestIdentity.ResidentId(new DateOnly(2020, 1, 9)));
        await Expect(cell).Not.ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await page.Locator("#submit-button").TapAsync();
        await page.WaitForURLAsync(StatusUrl());
        await Expect(page.Locator(".status-card .child").First).ToContainTextAsync("2020-01-09");
    }

    [Fact]
    public async Task SubmittingTooEarlyMarksEveryMissingFieldWhereItIs()
    {
        await using var phone = await browser.NewPhoneAsync(_server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={_county.Id}");
        await SignInAndConsentAsync(page);
        await page.Locator("#submit-button").TapAsync();

        await Expect(page.Locator("#toptips")).ToContainTextAsync("填写的信息有误");
        var missing = AlwaysRequired.Except(["child.documentType", "child.ethnicityCode", "child.nationalityCode", "child.overseasStatus", "family[0].isGuardian"])
            .Append("child.documentNumber");
        foreach (var field in missing)
        {
            await Expect(page.Locator($"[data-field=\"{field}\"]").First).ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        }

        // Each message says which question it is about, under that question's group.
        await Expect(page.Locator(".field-error", new() { HasTextString = "独生子女：请选择“是”或“否”" })).ToBeVisibleAsync();
        await Expect(page.Locator(".field-error", new() { HasTextString = "请选择报名学校" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=\"schoolIds\"]").First).ToBeInViewportAsync();
        await Expect(page.Locator("[data-field=\"child.ethnicityCode\"]")).Not.ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await PhoneBrowser.ScreenshotAsync(page, "register-empty.png");

        // Answering a question clears its mark at once.
        await ChooseAsync(page, "circumstances.onlyChild", "是");
        await Expect(page.Locator("[data-field=\"circumstances.onlyChild\"]")).Not.ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await page.Locator("label[for=\"basis-owned\"]").TapAsync();
        await Expect(page.Locator("[data-field=\"residence.basis\"].weui-cell_warn")).ToHaveCountAsync(0);

        // A distance in words cannot be sent as a number: the page says so itself, at the field.
        await page.Locator("#distance").FillAsync("两公里");
        await page.Locator("#submit-button").TapAsync();
        await Expect(page.Locator("[data-field=\"circumstances.distanceToSchoolKm\"]")).ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await Expect(page.Locator(".field-error", new() { HasTextString = "上学距离请填写数字" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AChildWithAPassportGivesSexAndBirthDateAndCanApplyToAPrivateSchool()
    {
        var school = _county.Schools.Single(s => s.Kind == SchoolKind.Private);
        var passport = "E" + Random.Shared.Next(10_000_000, 100_000_000);
        await using var phone = await browser.NewPhoneAsync(_server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={_county.Id}&school={school.Id}");
        await SignInAndConsentAsync(page);

        // A private school's QR code preselects it as the private choice; no public school is forced on the parent.
        await Expect(page.Locator("#private-school")).ToHaveValueAsync(school.Id);
        await Expect(page.Locator("#public-school")).ToHaveValueAsync("");

        await page.Locator("#child-document-type").SelectOptionAsync("Passport");
        await Expect(page.Locator("[data-field=\"child.sex\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=\"child.birthDate\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=\"child.documentNumber\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("#child-document-number-label")).ToHaveTextAsync("护照号码");
        foreach (var field in AlwaysRequired)
        {
            await Expect(page.Locator($"[data-field=\"{field}\"]").First).ToBeVisibleAsync();
        }

        // No document at all (not yet registered): no number, a birth certificate later, sex and birth date still asked.
        await page.Locator("#child-document-type").SelectOptionAsync("Other");
        await Expect(page.Locator("[data-field=\"child.documentNumber\"]")).ToBeHiddenAsync();
        await Expect(page.Locator("#document-tip")).ToContainTextAsync("出生医学证明");
        await Expect(page.Locator("[data-field=\"child.sex\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=\"child.birthDate\"]")).ToBeVisibleAsync();

        await page.Locator("#child-document-type").SelectOptionAsync("Passport");
        await page.Locator("#child-name").FillAsync("陈安娜");
        await page.Locator("#child-document-number").FillAsync(passport.ToLowerInvariant());
        await ChooseAsync(page, "child.sex", "女");
        await page.Locator("#child-birth-date").FillAsync("2020-03-01");
        await page.Locator("#child-birthplace-code").FillAsync("141124");
        await FillTheRestAsync(page, mobile: "13612345678");
        await Expect(page.Locator("#child-phone")).ToHaveValueAsync("13612345678");

        // This family also fills some optional parts: a second guardian, the way to school, a sibling at the school.
        await Expect(page.Locator("#member-1-name")).ToBeHiddenAsync();
        await page.Locator("#add-member").TapAsync();
        await page.Locator("#member-1-name").FillAsync("陈海燕");
        await page.Locator("#member-1-relationship").SelectOptionAsync("Mother");
        await ChooseAsync(page, "family[1].isGuardian", "是");
        await page.Locator("#member-1-mobile").FillAsync("13712345678");
        await page.Locator("#distance").FillAsync("2.5");
        await page.Locator("#way-to-school").SelectOptionAsync("FamilyCar");
        await page.Locator("#add-priority").TapAsync();
        await page.Locator("[data-remove-priority]").TapAsync();
        await Expect(page.Locator("#priority-list .priority")).ToHaveCountAsync(0);
        await page.Locator("#add-priority").TapAsync();
        await page.Locator("#priority-0-kind").SelectOptionAsync("SiblingAtSchool");
        await page.Locator("#priority-0-note").FillAsync("姐姐陈安琪在该校三年级");
        await PhoneBrowser.ScreenshotAsync(page, "register-passport.png");
        using var sent = await SubmitAndReadRequestAsync(page);

        var form = sent.RootElement;
        Assert.Equal([school.Id], form.GetProperty("schoolIds").EnumerateArray().Select(e => e.GetString()));
        var child = form.GetProperty("child");
        Assert.Equal("Passport", child.GetProperty("documentType").GetString());
        Assert.Equal(passport, child.GetProperty("documentNumber").GetString());
        Assert.Equal("Female", child.GetProperty("sex").GetString());
        Assert.Equal("2020-03-01", child.GetProperty("birthDate").GetString());
        Assert.Equal(2, form.GetProperty("family").GetArrayLength());
        var circumstances = form.GetProperty("circumstances");
        Assert.Equal(JsonValueKind.Number, circumstances.GetProperty("distanceToSchoolKm").ValueKind);
        Assert.Equal(2.5m, circumstances.GetProperty("distanceToSchoolKm").GetDecimal());
        Assert.Equal("FamilyCar", circumstances.GetProperty("wayToSchool").GetString());
        var claim = Assert.Single(form.GetProperty("priorityClaims").EnumerateArray());
        Assert.Equal("SiblingAtSchool", claim.GetProperty("kind").GetString());

        await page.WaitForURLAsync(StatusUrl());
        var card = page.Locator(".status-card").First;
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已提交，等待学校审核");
        await Expect(card.Locator(".school")).ToHaveTextAsync(school.Name);
        await Expect(card.Locator(".child")).ToContainTextAsync("陈安娜（女，2020-03-01）");
        await Expect(card.Locator(".id-number-label")).ToHaveTextAsync("护照号码");
        await Expect(card.Locator(".id-number")).ToContainTextAsync("*");
        Assert.DoesNotContain(passport, await page.Locator("body").InnerTextAsync());
        await PhoneBrowser.ScreenshotAsync(page, "status-passport.png");
    }

    /// <summary>
    /// Everything after the child's name and document, as a parent with a household registration in the
    /// catchment fills it: one guardian, every yes/no answered, every optional part left empty.
    /// </summary>
    private static async Task FillTheRestAsync(IPage page, string mobile)
    {
        await page.Locator("#child-native-place").FillAsync("山西临县");
        await page.Locator("#child-health").SelectOptionAsync("Good");
        await page.Locator("#child-household-place").FillAsync("山西省吕梁市临县城关镇");
        await ChooseAsync(page, "child.householdType", "非农业");
        await page.Locator("#child-current-address").FillAsync("临县城关镇人民路12号3单元");
        await page.Locator("#child-postcode").FillAsync("033200");

        await page.Locator("label[for=\"basis-household\"]").TapAsync();

        await page.Locator("#member-0-name").FillAsync("李建国");
        await page.Locator("#member-0-relationship").SelectOptionAsync("Father");
        await Expect(page.Locator("input[name=\"member-0-guardian\"][value=\"true\"]")).ToBeCheckedAsync();
        await page.Locator("#member-0-mobile").FillAsync(mobile);

        await ChooseAsync(page, "circumstances.onlyChild", "是");
        await ChooseAsync(page, "circumstances.attendedKindergarten", "是");
        await ChooseAsync(page, "circumstances.leftBehind", "否");
        await ChooseAsync(page, "circumstances.migrantWorkerChild", "否");
        await ChooseAsync(page, "circumstances.orphan", "否");
        await ChooseAsync(page, "circumstances.martyrOrPriorityCareChild", "否");
        await ChooseAsync(page, "circumstances.needsFinancialAid", "否");
        await ChooseAsync(page, "circumstances.needsSchoolBus", "否");
        await ChooseAsync(page, "circumstances.boarding", "走读");
    }

    /// <summary>Taps 提交报名 and returns the JSON the page sent, after checking it carried an idempotency key.</summary>
    private static async Task<JsonDocument> SubmitAndReadRequestAsync(IPage page)
    {
        var request = await page.RunAndWaitForRequestAsync(
            () => page.Locator("#submit-button").TapAsync(),
            r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/parent/applications");
        Assert.Matches("^[A-Za-z0-9-]{8,64}$", await request.HeaderValueAsync("idempotency-key") ?? "");
        return JsonDocument.Parse(request.PostData!);
    }

    /// <summary>Taps one of the answer buttons of a question, as a finger would.</summary>
    private static Task ChooseAsync(IPage page, string field, string answer) =>
        page.Locator($"[data-field=\"{field}\"] .seg label").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(answer)}$") }).TapAsync();

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
