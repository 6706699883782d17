using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Enrollment.Browser.Tests;

/// <summary>
/// A county's whole year, from registration to student records: an undersubscribed public school, an oversubscribed
/// public school (categories, then a lottery in the category that does not fit) and an oversubscribed private school
/// (a lottery, with fallback to the public choice). Every eligible child ends admitted somewhere and is told where.
/// The steps a person takes on a phone are taken on the phone pages; the rest through the API, never by writing a
/// status into storage.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class WholeYearTests(LocalEmulators emulators, PhoneBrowser browser) : PagesTests(emulators)
{
    private static readonly object Values = new { publicValue = "2026094期 03 11 17 22 28 31 + 07", publicSource = "https://www.cwl.gov.cn/", liveValue = "4821" };
    private int _children;

    private DateTimeOffset Now => App.Time.GetUtcNow();

    [Fact]
    public async Task EveryEligibleChildEndsAdmittedSomewhereReportsAtTheSchoolAndReachesTheStudentRecords()
    {
        // The bureau's year: registration for three days, the lotteries, admission, results, check-in.
        var near = County.Schools.Single(s => s.Id.EndsWith("-101", StringComparison.Ordinal));
        var full = County.Schools.Single(s => s.Id.EndsWith("-102", StringComparison.Ordinal)) with { Plan = new Plan(3, 1) };
        var privateSchool = County.Schools.Single(s => s.Kind == SchoolKind.Private) with { Plan = new Plan(1, 1) };
        Window Days(double from, double to) => new(Now.AddDays(from), Now.AddDays(to));
        County = County with
        {
            Schools = County.Schools.Select(s => s.Id == full.Id ? full : s.Id == privateSchool.Id ? privateSchool : s).ToList(),
            Calendar = County.Calendar with
            {
                Windows = [.. County.Calendar.Windows,
                    new WindowSetting(WindowKind.Lottery, Stage.Primary, null, Days(3.5, 3.9)),
                    new WindowSetting(WindowKind.Admission, Stage.Primary, null, Days(4, 8)),
                    new WindowSetting(WindowKind.Results, Stage.Primary, null, Days(8, 30)),
                    new WindowSetting(WindowKind.CheckIn, Stage.Primary, null, Days(9, 12))],
            },
        };
        await App.Services.GetRequiredService<ICountyStore>().UpsertAsync(County, CancellationToken.None);

        // Registration. Our family registers on its phone at the undersubscribed school; the others through the API.
        await using var family = await browser.NewPhoneAsync(Server);
        var familyPage = await family.NewPageAsync();
        await familyPage.GotoAsync("/status");
        var ours = await SubmitFromPageAsync(familyPage, TestForms.Valid(County.Id, near.Id, TestIdentity.ResidentId(new DateOnly(2020, 1, 15))).WithChild(c => c with { Name = "林小禾" }), "13912340003");
        var nearOther = await ApplyAsync(near.Id, f => f);
        const string FullHome = "临县城关镇文化街8号2单元";
        var category1 = await ApplyAsync(full.Id, f => f with { Residence = new ResidenceForm(EligibilityBasis.OwnedProperty, FullHome) }, "临县西关社区");
        var category2 = await ApplyAsync(full.Id, f => f with { Residence = new ResidenceForm(EligibilityBasis.OwnedProperty, FullHome) });
        var category3 = new[] { await ApplyAsync(full.Id, f => f, "临县西关社区"), await ApplyAsync(full.Id, f => f, "临县文化街社区") };
        var migrant = await ApplyAsync(full.Id, f => f with { Residence = new ResidenceForm(EligibilityBasis.ResidencePermit, FullHome) });
        var privateChoosers = new[]
        {
            await ApplyAsync(near.Id, f => f with { SchoolIds = [near.Id, privateSchool.Id] }),
            await ApplyAsync(near.Id, f => f with { SchoolIds = [near.Id, privateSchool.Id] }),
        };

        // Review: the undersubscribed school's reviewer approves our child on the phone, the rest through the API.
        await using var reviewerPhone = await browser.NewPhoneAsync(Server);
        var reviewerPage = await SignInStaffAsync(reviewerPhone, await App.NewStaffAccountAsync(StaffRole.SchoolReviewer, County.Id, near.Id));
        await reviewerPage.Locator($".queue-item[data-application-id=\"{ours}\"]").TapAsync();
        await reviewerPage.Locator("#approve-button").TapAsync();
        await reviewerPage.Locator(".app-dialog [data-ok]").TapAsync();
        await Expect(reviewerPage.Locator("[data-queue=Eligible] .queue-count")).ToHaveTextAsync("1");
        await ApproveAsync(near.Id, nearOther.Id);
        await ApproveAsync(full.Id, [category1.Id, category2.Id, .. category3.Select(c => c.Id), migrant.Id]);
        await ApproveAsync(privateSchool.Id, [.. privateChoosers.Select(c => c.Id)]);

        // The lotteries: the private school's (one place, two children) and, at the full school, only 三类 for the place left.
        App.Time.Advance(TimeSpan.FromDays(3.6));
        var officer = await App.NewStaffAsync(StaffRole.BureauOfficer, County.Id);
        foreach (var (school, applicants, places) in new[] { (privateSchool.Id, 2, 1), (full.Id, 2, 1) })
        {
            var frozen = await (await officer.PostAsync($"/api/staff/counties/{County.Id}/lotteries/{school}/freeze", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((applicants, places), (frozen.GetProperty("applicants").GetInt32(), frozen.GetProperty("places").GetInt32()));
            (await officer.PostAsJsonAsync($"/api/staff/counties/{County.Id}/lotteries/{school}/draw", Values)).EnsureSuccessStatusCode();
        }

        var privateWinner = await AcceptOfferAsync(privateChoosers);
        var category3Winner = await AcceptOfferAsync(category3);

        // Admission. The private school first: the child its lottery left waiting falls back to the public choice.
        App.Time.Advance(TimeSpan.FromDays(1));
        officer = await App.NewStaffAsync(StaffRole.BureauOfficer, County.Id);
        await AdmitListAsync(privateSchool.Id, officer);
        var privateLoser = privateChoosers.Single(c => c.Id != privateWinner.Id);
        var fallback = (await privateLoser.Phone.GetFromJsonAsync<JsonElement[]>("/api/parent/applications"))!.Single(a => a.GetProperty("schoolId").GetString() == near.Id);
        Assert.Equal("UnderReview", fallback.GetProperty("status").GetString());
        await ApproveAsync(near.Id, fallback.GetProperty("id").GetString()!);
        await AdmitListAsync(full.Id, officer);

        // The undersubscribed school: its head approves on the phone and an officer confirms on the phone.
        await using var headPhone = await browser.NewPhoneAsync(Server);
        var head = await SignInStaffAsync(headPhone, await App.NewStaffAccountAsync(StaffRole.SchoolHead, County.Id, near.Id));
        await Expect(head.Locator("#admission-window")).ToContainTextAsync("名单 3 人");
        await head.Locator("#admission-approve").TapAsync();
        await head.Locator(".app-dialog [data-ok]").TapAsync();
        await Expect(head.Locator("#admission-state")).ToHaveTextAsync("校长已审定，待教育局确认");
        await using var officerPhone = await browser.NewPhoneAsync(Server);
        var officerPage = await SignInStaffAsync(officerPhone, await App.NewStaffAccountAsync(StaffRole.BureauOfficer, County.Id), $"/staff/?school={near.Id}");
        await officerPage.Locator("#admission-confirm").TapAsync();
        await officerPage.Locator(".app-dialog [data-ok]").TapAsync();
        await Expect(officerPage.Locator("#admission-state")).ToHaveTextAsync("已录取 3 人");

        // Whoever has no place is on the bureau's placement report until placed: the child the full school's lottery
        // left waiting and the migrant family's child (below the line). The bureau places both at the school with room.
        var category3Loser = category3.Single(c => c.Id != category3Winner.Id);
        var unplaced = await officer.GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{County.Id}/unplaced");
        Assert.Equal(new[] { category3Loser.Id, migrant.Id }.Order(), unplaced!.Select(u => u.GetProperty("applicationId").GetString()).Order());
        foreach (var child in new[] { category3Loser, migrant })
        {
            Assert.Equal("NotAdmitted", (await child.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{child.Id}")).GetProperty("status").GetString());
            (await officer.PostAsJsonAsync($"/api/staff/counties/{County.Id}/schools/{full.Id}/applications/{child.Id}/place", new { toSchoolId = near.Id })).EnsureSuccessStatusCode();
        }

        Assert.Empty((await officer.GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{County.Id}/unplaced"))!);

        // Every eligible child is admitted somewhere, and each family's own list says where.
        var everyone = new[] { nearOther, category1, category2, migrant, privateWinner, privateLoser, category3Winner, category3Loser };
        var admittedAt = new Dictionary<string, string>();
        foreach (var (phone, id) in everyone)
        {
            var current = (await phone.GetFromJsonAsync<JsonElement[]>("/api/parent/applications"))!.Single(a => a.GetProperty("status").GetString() == "Admitted");
            admittedAt[id] = current.GetProperty("schoolId").GetString()!;
        }

        Assert.Equal(privateSchool.Id, admittedAt[privateWinner.Id]);
        Assert.Equal(near.Id, admittedAt[privateLoser.Id]);
        Assert.Equal([full.Id, full.Id, full.Id], new[] { category1, category2, category3Winner }.Select(c => admittedAt[c.Id]));
        Assert.Equal([near.Id, near.Id], new[] { category3Loser, migrant }.Select(c => admittedAt[c.Id]));

        // Results: every school's new-student list, from the results window on.
        App.Time.Advance(TimeSpan.FromDays(4));
        var anyone = App.CreateClient();
        foreach (var (school, count) in new[] { (near.Id, 5), (full.Id, 3), (privateSchool.Id, 1) })
        {
            var list = await anyone.GetFromJsonAsync<JsonElement>($"/api/public/counties/{County.Id}/schools/{school}/new-students");
            Assert.Equal(count, list.GetProperty("count").GetInt32());
        }

        // Check-in: our family shows its notice at the gate; the school records the others from its list, all but one.
        App.Time.Advance(TimeSpan.FromDays(1));
        await familyPage.GotoAsync($"/status?id={ours}");
        var card = familyPage.Locator(".status-card", new() { Has = familyPage.Locator($".application-number:text-is(\"{ours}\")") });
        await Expect(card.Locator(".status-text")).ToHaveTextAsync("已录取");
        await Expect(card.Locator(".notice-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-F]{10}$"));
        var code = (await card.Locator(".notice-code").InnerTextAsync()).Trim();
        var gate = await SignInStaffAsync(headPhone, await App.NewStaffAccountAsync(StaffRole.SchoolHead, County.Id, near.Id), $"/staff/#gate/{near.Id}/{ours}/{code}");
        await Expect(gate.Locator("#gate-name")).ToHaveTextAsync("林小禾");
        await gate.Locator("#gate-check-in").TapAsync();
        await Expect(gate.Locator("#gate-text")).ToContainTextAsync("已登记报到");
        await PhoneBrowser.ScreenshotAsync(gate, "whole-year-gate.png");

        var reporting = new Dictionary<string, List<string>>();
        foreach (var (phone, id) in everyone.Where(c => c.Id != migrant.Id))
        {
            var current = (await phone.GetFromJsonAsync<JsonElement[]>("/api/parent/applications"))!.Single(a => a.GetProperty("status").GetString() == "Admitted");
            reporting.TryAdd(admittedAt[id], []);
            reporting[admittedAt[id]].Add(current.GetProperty("id").GetString()!);
        }

        foreach (var (school, ids) in reporting)
        {
            var clerk = await App.NewStaffAsync(StaffRole.SchoolReviewer, County.Id, school);
            var lines = await (await clerk.PostAsJsonAsync($"/api/staff/schools/{school}/check-ins", new { applicationIds = ids })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.All(lines.EnumerateArray(), l => Assert.Equal("CheckedIn", l.GetProperty("result").GetString()));
        }

        // After the check-in deadline the child who did not report is followed up; the 学籍 export holds those who did.
        App.Time.Advance(TimeSpan.FromDays(3));
        officer = await App.NewStaffAsync(StaffRole.BureauOfficer, County.Id);
        var rows = await officer.GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{County.Id}/actual-enrolment");
        var nearRow = rows!.Single(r => r.GetProperty("schoolId").GetString() == near.Id);
        Assert.Equal((5, 4, true), (nearRow.GetProperty("admitted").GetInt32(), nearRow.GetProperty("checkedIn").GetInt32(), nearRow.GetProperty("overdue").GetBoolean()));
        Assert.All(rows!.Where(r => r.GetProperty("schoolId").GetString() != near.Id), r => Assert.False(r.GetProperty("overdue").GetBoolean()));
        foreach (var (school, count) in new[] { (near.Id, 4), (full.Id, 3), (privateSchool.Id, 1) })
        {
            var csv = await officer.GetStringAsync($"/api/staff/counties/{County.Id}/schools/{school}/admitted-list?format=csv");
            Assert.Equal(count, csv.Trim().Split('\n').Length - 1);
        }

        // Balanced classes at every school with admitted children; our family sees its child's class.
        foreach (var school in new[] { near.Id, full.Id, privateSchool.Id })
        {
            Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/staff/counties/{County.Id}/lotteries/{school}/classes", Values)).StatusCode);
        }

        await familyPage.ReloadAsync();
        await Expect(card.Locator(".class-number")).ToContainTextAsync("班");
        await Expect(card.Locator(".notice-checked-in")).ToContainTextAsync("完成报到");
        await PhoneBrowser.ScreenshotAsync(familyPage, "whole-year-family.png");
    }

    private async Task<(HttpClient Phone, string Id)> ApplyAsync(string schoolId, Func<ApplicationForm, ApplicationForm> change, string householdPlace = "山西省吕梁市临县城关镇")
    {
        var phone = await App.NewParentAsync();
        var form = change(TestForms.Valid(County.Id, schoolId, TestIdentity.ResidentId(new DateOnly(2020, 2, 1).AddDays(_children++))))
            .WithChild(c => c with { HouseholdRegistrationPlace = householdPlace });
        return (phone, await phone.SubmitNewAsync(form));
    }

    private async Task ApproveAsync(string schoolId, params string[] applicationIds)
    {
        var reviewer = await App.NewStaffAsync(StaffRole.SchoolReviewer, County.Id, schoolId);
        foreach (var id in applicationIds)
        {
            await reviewer.ApproveApplicationAsync(schoolId, id);
        }
    }

    private static async Task<(HttpClient Phone, string Id)> AcceptOfferAsync(IEnumerable<(HttpClient Phone, string Id)> families)
    {
        foreach (var (phone, id) in families)
        {
            if ((await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}")).GetProperty("status").GetString() == "Offered")
            {
                (await phone.PostAsJsonAsync($"/api/parent/applications/{id}/offer", new { accept = true })).EnsureSuccessStatusCode();
                return (phone, id);
            }
        }

        throw new InvalidOperationException("The lottery offered nobody a place.");
    }

    private async Task AdmitListAsync(string schoolId, HttpClient officer)
    {
        var head = await App.NewStaffAsync(StaffRole.SchoolHead, County.Id, schoolId);
        var approved = await head.AdmissionStepAsync(County.Id, schoolId, "approve");
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        var confirmed = await officer.AdmissionStepAsync(County.Id, schoolId, "confirm");
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
    }
}
