using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Enrollment.Core.Staff;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// The parent's pages in a real browser at phone size, over real HTTP, against the app over the
/// real local emulators: what a parent who scanned a school's QR code actually goes through.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed partial class ParentPagesTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    /// <summary>The fields a submission needs whatever the child's document (ApplicationFormValidation), each a cell on the page.</summary>
    private static readonly string[] AlwaysRequired =
    [
        "schoolIds", "child.name", "child.documentType", "child.birthplaceCode", "child.nativePlace", "child.ethnicityCode",
        "child.nationalityCode", "child.overseasStatus", "child.health", "child.householdRegistrationPlace", "child.householdType",
        "child.currentAddress", "child.phone", "child.postcode", "residence.basis", "residence.address",
        "family[0].name", "family[0].relationship", "family[0].isGuardian", "family[0].mobile",
        "circumstances.onlyChild", "circumstances.attendedKindergarten", "circumstances.leftBehind", "circumstances.migrantWorkerChild",
        "circumstances.orphan", "circumstances.deFactoUnsupported", "circumstances.martyrOrPriorityCareChild", "circumstances.needsFinancialAid", "circumstances.needsSchoolBus",
        "circumstances.boarding",
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.NotEqual(0, Server.Port);
    }

    [Fact]
    public async Task AParentRegistersAChildFromASchoolsQrLinkAndSeesTheStatus()
    {
        var school = County.Schools[1];
        var idNumber = TestIdentity.ResidentId(new DateOnly(2019, 11, 20));
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();

        await OpenAsync(page, $"/?county={County.Id}&school={school.Id}");
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

        // The address is in another school's catchment: the parent is told whose, and may still submit.
        await page.Locator("#residence-address").FillAsync("临县城关镇人民路12号3单元");
        await page.Locator("#residence-address").BlurAsync();
        await Expect(page.Locator("#catchment-tip")).ToContainTextAsync($"该地址在{County.Schools[0].Name}的划片范围内，不在所选学校的范围内");

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
        await using var otherPhone = await browser.NewPhoneAsync(Server);
        var stranger = await otherPhone.NewPageAsync();
        await OpenAsync(stranger, "/status");
        await Expect(stranger.Locator("#status-signed-out")).ToBeVisibleAsync();
        await OpenAsync(stranger, $"/?county={County.Id}");
        await SignInAndConsentAsync(stranger, mobile: "13700000001");
        await OpenAsync(stranger, "/status");
        await Expect(stranger.Locator("#status-empty")).ToBeVisibleAsync();
        await Expect(stranger.Locator(".status-card")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AWrongIdNumberIsShownNextToTheFieldInChineseAndNothingIsLost()
    {
        var school = County.Schools[0];
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={County.Id}&school={school.Id}");
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
        // A screen reader hears the field is wrong and, with it, why; the messages are announced as they appear.
        var number = page.Locator("#child-document-number");
        await Expect(number).ToHaveAttributeAsync("aria-invalid", "true");
        var described = await number.GetAttributeAsync("aria-describedby");
        await Expect(page.Locator($"#{described}")).ToContainTextAsync("身份证号码");
        await Expect(page.Locator(".field-errors").First).ToHaveAttributeAsync("role", "alert");
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
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={County.Id}");
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

        // What shows the home (certificate or 网签合同) or the work here (社保, 个体工商户, 企业法人) is asked only for its basis.
        await Expect(page.Locator("#property-proof")).ToBeVisibleAsync();
        await Expect(page.Locator("#proof-certificate")).ToBeCheckedAsync();
        await Expect(page.Locator("#employment")).ToBeHiddenAsync();
        await page.Locator("label[for=\"basis-permit\"]").TapAsync();
        await Expect(page.Locator("#employment")).ToBeVisibleAsync();
        await Expect(page.Locator("#property-proof")).ToBeHiddenAsync();
        await page.Locator("label[for=\"employment-enterprise\"]").TapAsync();
        await PhoneBrowser.ScreenshotAsync(page, "register-employment.png");
        await page.Locator("label[for=\"basis-owned\"]").TapAsync();

        // A distance in words cannot be sent as a number: the page says so itself, at the field.
        await page.Locator("#distance").FillAsync("两公里");
        await page.Locator("#submit-button").TapAsync();
        await Expect(page.Locator("[data-field=\"circumstances.distanceToSchoolKm\"]")).ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await Expect(page.Locator(".field-error", new() { HasTextString = "上学距离请填写数字" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AChildWithAPassportGivesSexAndBirthDateAndCanApplyToAPrivateSchool()
    {
        var school = County.Schools.Single(s => s.Kind == SchoolKind.Private);
        var passport = "E" + Random.Shared.Next(10_000_000, 100_000_000);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={County.Id}&school={school.Id}");
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

    [Fact]
    public async Task AMigrantFamilyUploadsTheOneDocumentTheDepartmentsCouldNotConfirmSubmitsAndWithdraws()
    {
        // Storage checks upload links against real time: this test runs on today's date, in a county open today.
        App.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var county = await App.CreateCountyAsync();
        App.DepartmentAnswers("social-insurance", matched: false);
        var school = county.Schools[0];
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={county.Id}&school={school.Id}");
        await SignInAndConsentAsync(page, mobile: "13912340001");

        await page.Locator("#child-name").FillAsync("刘小雨");
        await page.Locator("#child-document-number").FillAsync(TestIdentity.ResidentId(new DateOnly(2020, 2, 2)));
        await FillTheRestAsync(page, mobile: "13912340001");
        await FillMigrantGuardianAsync(page);
        await Expect(page.Locator("#draft-status")).ToContainTextAsync("已自动保存");

        // 核验信息: two facts confirmed by the departments, one document asked for.
        await page.Locator("#check-button").TapAsync();
        var facts = page.Locator("#fact-list .fact");
        await Expect(facts).ToHaveCountAsync(3);
        foreach (var kind in new[] { "HouseholdRegistration", "ResidencePermit" })
        {
            var fact = page.Locator($".fact[data-fact-kind=\"{kind}\"]");
            await Expect(fact).ToHaveAttributeAsync("data-state", "confirmed");
            await Expect(fact.Locator(".fact-status")).ToHaveTextAsync("已通过部门数据核验，无需上传");
            await Expect(fact.Locator("input[type=file]")).ToHaveCountAsync(0);
        }

        var insurance = page.Locator(".fact[data-fact-kind=\"SocialInsurance\"]");
        await Expect(insurance).ToHaveAttributeAsync("data-state", "needed");
        await Expect(insurance.Locator(".fact-status")).ToContainTextAsync("社会保险缴费证明");
        await Expect(page.Locator("#fact-list .fact-upload")).ToHaveCountAsync(1);
        var camera = insurance.Locator("input.fact-file-camera");
        await Expect(camera).ToHaveAttributeAsync("capture", "environment");
        await Expect(camera).ToHaveAttributeAsync("accept", "image/jpeg,image/png,application/pdf");
        await Expect(page.Locator("#checks-tip")).ToContainTextAsync("还需上传 1 份材料：社会保险缴费证明");
        await PhoneBrowser.ScreenshotAsync(page, "check.png");
        await ScreenAsync(page, "#checks-section", "check-screen.png");

        // The photo goes straight to storage over a slow connection: the bar moves, then reaches 100%.
        var network = await phone.NewCDPSessionAsync(page);
        await network.SendAsync("Network.enable");
        await network.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 96 * 1024,
        });
        await camera.SetInputFilesAsync(new FilePayload { Name = "社保缴费证明.png", MimeType = "image/png", Buffer = PaddedPng(384 * 1024) });
        await page.WaitForFunctionAsync("() => { const p = document.querySelector('.upload-progress'); const v = p && !p.hidden ? Number(p.dataset.progress) : 0; return v > 0 && v < 100; }");
        await PhoneBrowser.ScreenshotAsync(page, "upload-progress.png");
        await ScreenAsync(page, "#checks-section", "upload-progress-screen.png");
        await network.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1,
        });

        await Expect(insurance).ToHaveAttributeAsync("data-state", "uploaded", new() { Timeout = 30_000 });
        await Expect(insurance.Locator(".fact-status")).ToHaveTextAsync("已上传材料，待学校审核");
        await Expect(insurance.Locator(".upload-progress")).ToHaveAttributeAsync("data-progress", "100");
        await Expect(insurance.Locator(".weui-progress__inner-bar")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(insurance.Locator(".weui-progress__inner-bar")).ToHaveAttributeAsync("style", new Regex(@"width:\s*100%"));
        await Expect(insurance.Locator(".upload-progress__text")).ToContainTextAsync("上传完成");
        await Expect(page.Locator("#checks-tip")).ToContainTextAsync("可以提交报名");
        await PhoneBrowser.ScreenshotAsync(page, "upload-done.png");
        await ScreenAsync(page, "#checks-section", "upload-done-screen.png");

        var submitted = await page.RunAndWaitForRequestAsync(
            () => page.Locator("#submit-button").TapAsync(),
            r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/parent/applications");
        Assert.Matches("^draftId=[0-9a-f-]{36}$", new Uri(submitted.Url).Query.TrimStart('?'));
        await page.WaitForURLAsync(StatusUrl());

        var card = page.Locator(".status-card").First;
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已提交，等待学校审核");
        await Expect(card.Locator(".next-step")).ToHaveTextAsync("学校审核");
        await Expect(card.Locator(".parent-can-do")).ToContainTextAsync("撤回");
        await Expect(card.Locator(".timeline-item")).ToHaveCountAsync(1);
        await Expect(card.Locator(".timeline-item").First).ToContainTextAsync("已提交");
        await Expect(card.Locator(".timeline-item").First).ToContainTextAsync("（北京时间） · 家长");
        await Expect(card.Locator(".fact[data-fact-kind=\"SocialInsurance\"] .fact-status")).ToHaveTextAsync("已上传材料，待学校审核");
        await Expect(card.Locator(".fact[data-fact-kind=\"ResidencePermit\"]")).ToHaveAttributeAsync("data-state", "confirmed");
        await PhoneBrowser.ScreenshotAsync(page, "status-journey.png");

        // 撤回报名, after a confirmation.
        await card.Locator(".withdraw-button").TapAsync();
        var confirm = page.Locator(".app-dialog .weui-dialog");
        await Expect(confirm).ToContainTextAsync("确定撤回这份报名吗？");
        await PhoneBrowser.ScreenshotAsync(page, "withdraw-confirm.png");
        await confirm.Locator("button", new() { HasTextString = "确定撤回" }).TapAsync();
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已撤回");
        await Expect(card.Locator(".timeline-item")).ToHaveCountAsync(2);
        await Expect(card.Locator(".timeline-item").First).ToContainTextAsync("已撤回");
        await Expect(card.Locator(".withdraw-button")).ToBeHiddenAsync();
        await Expect(page.Locator(".app-dialog")).ToHaveCountAsync(0);
        await Expect(card.Locator(".status-reapply")).ToBeVisibleAsync();
        await PhoneBrowser.ScreenshotAsync(page, "status-withdrawn.png");
    }

    [Fact]
    public async Task AnApplicationReturnedForCorrectionIsCorrectedOnlyWhereTheSchoolAskedAndGoesBackToReview()
    {
        // Storage checks upload links against real time: this test runs on today's date, in a county open today.
        App.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var county = await App.CreateCountyAsync();
        var school = county.Schools[0];
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={county.Id}&school={school.Id}");
        await SignInAndConsentAsync(page, mobile: "13912340003");
        await page.Locator("#child-name").FillAsync("孙小禾");
        await page.Locator("#child-document-number").FillAsync(TestIdentity.ResidentId(new DateOnly(2020, 3, 3)));
        await FillTheRestAsync(page, mobile: "13912340003");
        await page.Locator("#submit-button").TapAsync();
        await page.WaitForURLAsync(StatusUrl());
        var id = HttpUtility.ParseQueryString(new Uri(page.Url).Query)["id"]!;
        await Expect(page.Locator(".status-card .status-text").First).ToHaveTextAsync("已提交，等待学校审核");
        await Expect(page.Locator(".correction-box")).ToBeHiddenAsync();

        // A reviewer of the school returns it through the staff API: the address is incomplete, and a rental filing is wanted.
        const string message = "入学依据地址缺少门牌号，请补充完整，并上传房屋租赁备案证明。";
        var deadline = App.Time.GetUtcNow().AddDays(3);
        var reviewer = await App.NewStaffAsync(StaffRole.SchoolReviewer, county.Id, school.Id);
        var opened = await reviewer.GetAsync($"/api/staff/schools/{school.Id}/applications/{id}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var returnRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/schools/{school.Id}/applications/{id}/return")
        {
            Content = JsonContent.Create(new { fields = new[] { "residence.address" }, documents = new[] { nameof(FactKind.RentalFiling) }, message, deadline }),
        };
        returnRequest.Headers.IfMatch.Add(opened.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.SendAsync(returnRequest)).StatusCode);

        await page.ReloadAsync();
        var card = page.Locator($".status-card[data-application-id=\"{id}\"]");
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("退回补充");
        var box = card.Locator(".correction-box");
        await Expect(box).ToBeVisibleAsync();
        await Expect(box.Locator(".correction-message")).ToHaveTextAsync(message);
        var beijing = deadline.ToOffset(TimeSpan.FromHours(8));
        await Expect(box.Locator(".correction-deadline")).ToHaveTextAsync($"{beijing:yyyy-MM-dd HH:mm}（北京时间）");
        await Expect(box.Locator(".correction-fields li")).ToHaveTextAsync(["入学依据地址"]);
        await Expect(box.Locator(".correction-documents li")).ToHaveTextAsync(["房屋租赁登记备案证明"]);
        await PhoneBrowser.ScreenshotAsync(page, "status-correction.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PhoneBrowser.ScreenshotDirectory, "status-correction-screen.png") });

        // 去补充: the form as submitted, only the address open.
        await box.Locator(".correction-go").TapAsync();
        await page.WaitForURLAsync(new Regex("correct=" + Regex.Escape(id)));
        await Expect(page.Locator("#correction-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#correction-banner .correction-message")).ToHaveTextAsync(message);
        await Expect(page.Locator("#submit-button")).ToHaveTextAsync("提交补充");
        await Expect(page.Locator(".status-link")).ToHaveTextAsync("返回我的报名");
        await Expect(page.Locator("#checks-section")).ToBeHiddenAsync();
        await Expect(page.Locator("#child-name")).ToHaveValueAsync("孙小禾");
        await Expect(page.Locator("#residence-address")).ToHaveValueAsync("临县城关镇人民路12号3单元");
        await Expect(page.Locator("#residence-address")).ToBeEnabledAsync();
        foreach (var locked in new[] { "#child-name", "#child-document-number", "#child-postcode", "#child-current-address", "#member-0-mobile", "#basis-household", "#public-school" })
        {
            await Expect(page.Locator(locked)).ToBeDisabledAsync();
        }

        var open = await page.EvaluateAsync<string[]>("""
            () => Array.from(document.querySelectorAll('#register-form input, #register-form select, #register-form textarea'))
              .filter((c) => !c.disabled && !c.closest('[hidden]') && !c.closest('#correction-documents-section')).map((c) => c.id)
            """);
        Assert.Equal(["residence-address"], open);
        await Expect(page.Locator("#register-form .cell-editable")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-field=\"child.name\"]")).ToHaveClassAsync(new Regex(@"\bcell-locked\b"));
        await PhoneBrowser.ScreenshotAsync(page, "correction-form.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PhoneBrowser.ScreenshotDirectory, "correction-form-screen.png") });

        // Submitting without the document is stopped at the document.
        var rental = page.Locator("#correction-document-list .fact[data-fact-kind=\"RentalFiling\"]");
        await page.Locator("#submit-button").TapAsync();
        await Expect(rental).ToHaveClassAsync(new Regex(@"\bweui-cell_warn\b"));
        await Expect(page.Locator(".field-error", new() { HasTextString = "请上传房屋租赁登记备案证明" })).ToBeVisibleAsync();

        // The address corrected, the filing photographed with the check step's control.
        await page.Locator("[data-path=\"residence.address\"] .correction-field-link").TapAsync();
        await Expect(page.Locator("#residence-address")).ToBeFocusedAsync();
        await page.Locator("#residence-address").FillAsync("临县城关镇人民路12号3单元502室");
        await rental.Locator("input.fact-file-pick").SetInputFilesAsync(new FilePayload { Name = "租赁备案.png", MimeType = "image/png", Buffer = OnePixelPng });
        await Expect(page.Locator("#correction-document-list .fact[data-fact-kind=\"RentalFiling\"]")).ToHaveAttributeAsync("data-state", "uploaded", new() { Timeout = 30_000 });
        await Expect(page.Locator("#correction-document-list .upload-progress__text")).ToContainTextAsync("上传完成");
        await Expect(page.Locator(".field-error", new() { HasTextString = "请上传房屋租赁登记备案证明" })).ToHaveCountAsync(0);
        await ScreenAsync(page, "#h-residence", "correction-address-screen.png");
        await ScreenAsync(page, "#correction-documents-section", "correction-upload-screen.png");

        var sent = await page.RunAndWaitForRequestAsync(
            () => page.Locator("#submit-button").TapAsync(),
            r => r.Method == "PUT" && new Uri(r.Url).AbsolutePath == $"/api/parent/applications/{id}/correction");
        using (var body = JsonDocument.Parse(sent.PostData!))
        {
            Assert.Equal("临县城关镇人民路12号3单元502室", body.RootElement.GetProperty("form").GetProperty("residence").GetProperty("address").GetString());
            Assert.Equal("临县城关镇人民路12号3单元", body.RootElement.GetProperty("form").GetProperty("child").GetProperty("currentAddress").GetString());
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("documents").GetProperty("RentalFiling").GetString()));
        }

        // Back on the status page: 审核中, and the timeline says what happened.
        await page.WaitForURLAsync(StatusUrl());
        card = page.Locator($".status-card[data-application-id=\"{id}\"]");
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("审核中");
        await Expect(card.Locator(".correction-box")).ToBeHiddenAsync();
        var timeline = card.Locator(".timeline-item");
        await Expect(timeline).ToHaveCountAsync(3);
        await Expect(timeline.Nth(0)).ToContainTextAsync("审核中");
        await Expect(timeline.Nth(0)).ToContainTextAsync("已按要求补充");
        await Expect(timeline.Nth(0)).ToContainTextAsync("家长");
        await Expect(timeline.Nth(1)).ToContainTextAsync("退回补充");
        await Expect(timeline.Nth(1)).ToContainTextAsync(message);
        await Expect(timeline.Nth(1)).ToContainTextAsync("学校");
        await Expect(timeline.Nth(2)).ToContainTextAsync("已提交");
        await PhoneBrowser.ScreenshotAsync(page, "status-corrected.png");
    }

    [Fact]
    public async Task TheStatusPageShowsTheSchoolsDecisionWhenTheParentComesBackToIt()
    {
        var school = County.Schools[0].Id;
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={County.Id}");
        var id = await SubmitFromPageAsync(page, TestForms.Valid(County.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 6, 6))), "13812340004");
        await OpenAsync(page, "/status");
        var status = page.Locator(".status-card .status-text").First;
        await Expect(status).ToContainTextAsync("等待学校审核");
        await Expect(page.Locator(".status-card").First).ToContainTextAsync("学校会陆续审核");

        await (await App.NewStaffAsync(StaffRole.SchoolReviewer, County.Id, school)).ApproveApplicationAsync(school, id);

        // The parent switches back from the chat to the page, which reads the status again.
        await page.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        await Expect(status).ToHaveTextAsync("审核通过");
    }

    [Fact]
    public async Task ASchoolsQrCodeNamesTheSchoolBeforeSignInAndChoosesItOnTheForm()
    {
        var school = County.Schools.Single(s => s.Kind == SchoolKind.Private);
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={County.Id}&school={school.Id}");
        await Expect(page.Locator("#scanned-school")).ToHaveTextAsync($"报名学校：{school.Name}（民办）");
        await PhoneBrowser.ScreenshotAsync(page, "entry-scanned-school.png");

        await SignInAndConsentAsync(page, mobile: "13812340005");
        await Expect(page.Locator("#private-school")).ToHaveValueAsync(school.Id);

        await OpenAsync(page, $"/?county={County.Id}&school=no-such-school");
        await Expect(page.Locator("#scanned-school")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AChildTooYoungForThisYearIsToldAtTheIdNumberBeforeAnythingElseIsFilled()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await OpenAsync(page, $"/?county={County.Id}");
        await SignInAndConsentAsync(page, mobile: "13812340003");

        var latest = County.AgeRule.LatestBirthDate(County.EnrollmentYear);
        await page.Locator("#child-document-number").FillAsync(TestIdentity.ResidentId(latest.AddDays(1)));
        await Expect(page.Locator("#child-document-number-cell")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("weui-cell_warn"));
        await Expect(page.Locator("#child-document-number")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#document-tip")).ToContainTextAsync($"今年入学须在{latest.Year}年{latest.Month}月{latest.Day}日及以前出生");
        await Expect(page.Locator("#document-tip")).Not.ToContainTextAsync("已识别");
        await ScreenAsync(page, "#child-document-type", "child-too-young.png");

        // The right number clears the mark at once.
        await page.Locator("#child-document-number").FillAsync(TestIdentity.ResidentId(latest));
        await Expect(page.Locator("#document-tip")).ToContainTextAsync("已识别");
        await Expect(page.Locator("#child-document-number-cell")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("weui-cell_warn"));
    }

    [Fact]
    public async Task ADraftTypedOnOnePhoneIsResumedOnTheGuardiansOtherPhone()
    {
        var school = County.Schools[1];
        const string mobile = "13812340002";
        var idNumber = TestIdentity.ResidentId(new DateOnly(2019, 12, 24));
        await using var firstPhone = await browser.NewPhoneAsync(Server);
        var first = await firstPhone.NewPageAsync();
        await OpenAsync(first, $"/?county={County.Id}&school={school.Id}");
        await SignInAndConsentAsync(first, mobile: mobile);
        await first.Locator("#child-name").FillAsync("赵小满");
        await first.Locator("#child-document-number").FillAsync(idNumber);
        await FillTheRestAsync(first, mobile: mobile);
        await FillMigrantGuardianAsync(first);
        await first.Locator("#child-postcode").FillAsync("033201");
        await Expect(first.Locator("#register-form")).ToHaveAttributeAsync("data-draft", "saved");
        await Expect(first.Locator("#draft-status")).ToContainTextAsync("已自动保存");
        await Expect(first.Locator("#draft-note")).ToContainTextAsync("换一部手机");
        App.DepartmentAnswers("social-insurance", matched: false);
        await first.Locator("#check-button").TapAsync();
        await Expect(first.Locator(".fact[data-fact-kind=\"SocialInsurance\"]")).ToHaveAttributeAsync("data-state", "needed");

        // The same guardian signs in on another phone: the page offers the draft and puts every answer back.
        await using var secondPhone = await browser.NewPhoneAsync(Server);
        var second = await secondPhone.NewPageAsync();
        await OpenAsync(second, $"/?county={County.Id}");
        await second.Locator("#sign-in-mobile").FillAsync(mobile);
        await second.Locator("#development-sign-in-button").TapAsync();
        var offer = second.Locator(".app-dialog .weui-dialog");
        await Expect(offer).ToContainTextAsync("继续填写上次的报名？");
        await Expect(offer).ToContainTextAsync("赵小满");
        await second.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PhoneBrowser.ScreenshotDirectory, "draft-offer.png") });
        // Typing while the offer is still on screen must not become a second draft, left behind once the first is submitted.
        await second.Locator("#child-former-name").FillAsync("小满满", new() { Force = true });
        await second.WaitForTimeoutAsync(2500);
        await offer.Locator("button", new() { HasTextString = "继续填写" }).TapAsync();
        Assert.Equal(1, await second.EvaluateAsync<int>("async () => (await (await fetch('/api/parent/drafts')).json()).length"));

        await Expect(second.Locator("#public-school")).ToHaveValueAsync(school.Id);
        await Expect(second.Locator("#child-name")).ToHaveValueAsync("赵小满");
        await Expect(second.Locator("#child-document-number")).ToHaveValueAsync(idNumber);
        await Expect(second.Locator("#document-tip")).ToContainTextAsync("2019年12月24日出生");
        await Expect(second.Locator("#child-native-place")).ToHaveValueAsync("山西临县");
        await Expect(second.Locator("#child-health")).ToHaveValueAsync("Good");
        await Expect(second.Locator("#child-household-place")).ToHaveValueAsync("山西省吕梁市临县城关镇");
        await Expect(second.Locator("input[name=\"child-household-type\"][value=\"NonAgricultural\"]")).ToBeCheckedAsync();
        await Expect(second.Locator("#child-current-address")).ToHaveValueAsync("临县城关镇人民路12号3单元");
        await Expect(second.Locator("#same-address")).ToBeCheckedAsync();
        await Expect(second.Locator("#child-phone")).ToHaveValueAsync(mobile);
        await Expect(second.Locator("#child-postcode")).ToHaveValueAsync("033201");
        await Expect(second.Locator("#basis-permit")).ToBeCheckedAsync();
        await Expect(second.Locator("#residence-address")).ToHaveValueAsync("临县城关镇人民路12号3单元");
        await Expect(second.Locator("#member-0-name")).ToHaveValueAsync("李建国");
        await Expect(second.Locator("#member-0-relationship")).ToHaveValueAsync("Father");
        await Expect(second.Locator("#member-0-mobile")).ToHaveValueAsync(mobile);
        await Expect(second.Locator("#member-0-document-type")).ToHaveValueAsync("ResidentId");
        await Expect(second.Locator("#member-0-document-number")).ToHaveValueAsync("11010519491231002X");
        await Expect(second.Locator("#member-0-document-number")).ToBeVisibleAsync();
        await Expect(second.Locator("input[name=\"migrantWorkerChild\"][value=\"true\"]")).ToBeCheckedAsync();
        await Expect(second.Locator("input[name=\"onlyChild\"][value=\"true\"]")).ToBeCheckedAsync();
        await Expect(second.Locator("input[name=\"leftBehind\"][value=\"No\"]")).ToBeCheckedAsync();
        await Expect(second.Locator("input[name=\"boarding\"][value=\"Day\"]")).ToBeCheckedAsync();
        // The check the first phone ran comes back in the page's own words, with what is still to upload.
        await Expect(second.Locator(".fact[data-fact-kind=\"SocialInsurance\"]")).ToHaveAttributeAsync("data-state", "needed");
        await Expect(second.Locator("#checks-tip")).ToContainTextAsync("还需上传 1 份材料：社会保险");
        Assert.DoesNotContain("undefined", await second.Locator("body").InnerTextAsync());
        await PhoneBrowser.ScreenshotAsync(second, "draft-resumed.png");

        // The second phone changes something; the first phone, still open, is told instead of overwriting it.
        await second.Locator("#child-native-place").FillAsync("山西吕梁");
        await Expect(second.Locator("#register-form")).ToHaveAttributeAsync("data-draft", "saved");
        await first.Locator("#child-pinyin").FillAsync("Zhao Xiaoman");
        var conflict = first.Locator(".app-dialog .weui-dialog");
        await Expect(conflict).ToContainTextAsync("草稿已在其他手机上修改");
        await conflict.Locator("button", new() { HasTextString = "载入最新内容" }).TapAsync();
        await Expect(first.Locator("#child-native-place")).ToHaveValueAsync("山西吕梁");
        await Expect(first.Locator("#child-pinyin")).ToHaveValueAsync("");
    }

    /// <summary>What the phone's screen shows with one part of the page scrolled to the top.</summary>
    private static async Task ScreenAsync(IPage page, string selector, string name)
    {
        await page.Locator(selector).EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PhoneBrowser.ScreenshotDirectory, name) });
    }

    /// <summary>A migrant family: a residence permit as the basis, the father's resident ID so the departments can be asked.</summary>
    private static async Task FillMigrantGuardianAsync(IPage page)
    {
        await page.Locator("label[for=\"basis-permit\"]").TapAsync();
        await ChooseAsync(page, "circumstances.migrantWorkerChild", "是");
        await page.Locator("#member-0-document-type").SelectOptionAsync("ResidentId");
        await page.Locator("#member-0-document-number").FillAsync("11010519491231002X");
    }

    private static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>A real PNG made larger by a private chunk (removed when the upload is cleaned), so its upload takes a moment.</summary>
    private static byte[] PaddedPng(int padding)
    {
        var iend = OnePixelPng.Length - 12;
        var chunk = new byte[12 + padding];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)padding);
        "prVt"u8.CopyTo(chunk.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + padding), Crc32(chunk.AsSpan(4, 4 + padding)));
        return [.. OnePixelPng[..iend], .. chunk, .. OnePixelPng[iend..]];
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
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

    [Fact]
    public async Task OutsideWeChatNoButtonLeadsToWeChatsErrorPageTheTipSaysWhereItWorks()
    {
        await using var phone = await browser.NewPhoneAsync(Server);
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"/?county={County.Id}");

        await Expect(page.Locator("#sign-in-section")).ToBeVisibleAsync();
        await Expect(page.Locator("#wechat-tip")).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-section a[href*='/sign-in/wechat']")).ToHaveCountAsync(0);
        await Expect(page.GetByText("微信登录", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task InsideWeChatTheParentIsSignedInSilentlyAndComesBackToTheSchoolsPage()
    {
        var school = County.Schools[2];
        await using var phone = await browser.NewPhoneAsync(Server, userAgentSuffix: " MicroMessenger/8.0.50(0x1800323d) NetType/WIFI Language/zh_CN");

        // WeChat's authorization page, played here: it sends the browser straight back with a one-time code and the same state.
        string? authorizeUrl = null;
        await phone.RouteAsync("https://open.weixin.qq.com/**", async route =>
        {
            authorizeUrl = route.Request.Url;
            var query = HttpUtility.ParseQueryString(new Uri(route.Request.Url).Query);
            var back = $"{query["redirect_uri"]}?code={App.NewWeChatCode("o-browser-test-openid")}&state={query["state"]}";
            await route.FulfillAsync(new() { Status = 302, Headers = new Dictionary<string, string> { ["Location"] = back } });
        });
        var page = await phone.NewPageAsync();

        await page.GotoAsync($"/?county={County.Id}&school={school.Id}");

        await Expect(page.Locator("#consent-section")).ToBeVisibleAsync();
        Assert.Contains("scope=snsapi_base", authorizeUrl);
        Assert.Equal($"?county={County.Id}&school={school.Id}", new Uri(page.Url).Query);
        await Expect(page.Locator("#sign-in-section")).ToBeHiddenAsync();
        var me = await page.EvaluateAsync<string>("() => fetch('/api/parent/me').then(r => r.json()).then(j => j.method)");
        Assert.Equal("WeChat", me);
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
