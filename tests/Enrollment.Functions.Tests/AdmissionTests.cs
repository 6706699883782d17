using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// 录取 and 报到 at a school that is not oversubscribed: the head approves the final list, the bureau confirms it, each
/// family gets a notice the gate can check, the school records who reported, and only they reach the 学籍 export.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AdmissionTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private string _school = null!;
    private HttpClient _officer = null!;
    private HttpClient _head = null!;
    private HttpClient _reviewer = null!;
    private int _children;

    private DateTimeOffset Now => _app.Time.GetUtcNow();

    /// <summary>Registration closes in 3 days; admission runs from day 4 to day 8, check-in from day 9 to day 12, all set through the bureau's API.</summary>
    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _school = _county.Schools[0].Id;
        await SignInAsync();
        await SetWindowAsync("Admission", Now.AddDays(4), Now.AddDays(8));
        await SetWindowAsync("CheckIn", Now.AddDays(9), Now.AddDays(12));
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    /// <summary>Days pass: staff sessions end overnight, so everyone signs in again.</summary>
    private async Task AdvanceDaysAsync(int days)
    {
        _app.Time.Advance(TimeSpan.FromDays(days));
        await SignInAsync();
    }

    private async Task SignInAsync()
    {
        _officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        _head = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _school);
        _reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _school);
    }

    private string Admission => StaffApi.AdmissionRoute(_county.Id, _school);

    private async Task SetWindowAsync(string kind, DateTimeOffset opens, DateTimeOffset closes)
    {
        var route = $"/api/staff/counties/{_county.Id}/configuration";
        var etag = (await _officer.GetAsync(route)).Headers.ETag!.Tag;
        var set = await _officer.SendAsync(StaffApi.WithIfMatch(new HttpRequestMessage(HttpMethod.Put, $"{route}/windows/{kind}")
        {
            Content = JsonContent.Create(new { stage = "Primary", opens, closes, reason = "录取和报到时间" }),
        }, etag));
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
    }

    private async Task<(HttpClient Phone, string Id)> ApplyAsync()
    {
        var phone = await _app.NewParentAsync();
        return (phone, await phone.SubmitNewAsync(TestForms.Valid(_county.Id, _school, TestIdentity.ResidentId(new DateOnly(2020, 2, 1).AddDays(_children++)))));
    }

    private async Task<(JsonElement Body, string ETag)> OpenAsync(HttpClient staff)
    {
        var response = await staff.GetAsync(Admission);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    private Task<HttpResponseMessage> StepAsync(HttpClient staff, string step, string? etag) =>
        staff.SendAsync(etag is null ? new HttpRequestMessage(HttpMethod.Post, $"{Admission}/{step}") : StaffApi.WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{Admission}/{step}"), etag));

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();

    [Fact]
    public async Task TheHeadApprovesTheBureauConfirmsEveryFamilyIsAdmittedAndToldWithANoticeTheGateChecks()
    {
        var families = new[] { await ApplyAsync(), await ApplyAsync(), await ApplyAsync() };
        await _reviewer.ApproveApplicationAsync(_school, families[0].Id);
        await _reviewer.ApproveApplicationAsync(_school, families[1].Id);

        // Before the admission window: refused, and the answer names the window.
        var early = await StepAsync(_head, "approve", (await OpenAsync(_head)).ETag);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var earlyProblem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:admission-window-closed", earlyProblem.GetProperty("type").GetString());
        Assert.Contains("录取时间为", earlyProblem.GetProperty("detail").GetString());

        await AdvanceDaysAsync(5);
        var (sheet, etag) = await OpenAsync(_head);
        Assert.Equal(2, sheet.GetProperty("entries").GetArrayLength());
        Assert.Equal(1, sheet.GetProperty("awaitingReview").GetInt32());
        Assert.Equal("Proposed", sheet.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await StepAsync(_head, "approve", null)).StatusCode);
        Assert.Equal("urn:enrollment:problem:review-unfinished", await ProblemTypeAsync(await StepAsync(_head, "approve", etag)));

        // Only the school's head approves; only the bureau confirms, and only what the head approved.
        await _reviewer.ApproveApplicationAsync(_school, families[2].Id);
        var stale = etag;
        (_, etag) = await OpenAsync(_head);
        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(_reviewer, "approve", etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(_officer, "approve", etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await StepAsync(await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _county.Schools[1].Id), "approve", etag)).StatusCode);
        Assert.Equal("urn:enrollment:problem:not-approved", await ProblemTypeAsync(await StepAsync(_officer, "confirm", etag)));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await StepAsync(_head, "approve", stale)).StatusCode);

        var approved = await StepAsync(_head, "approve", etag);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(_head, "approve", etag)).StatusCode);
        Assert.Equal("Eligible", (await families[0].Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{families[0].Id}")).GetProperty("status").GetString());

        // The bureau confirms the list it read; one it read before the approval is stale.
        await _app.InvokeTimerAsync("SendNotifications");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await StepAsync(_officer, "confirm", etag)).StatusCode);
        var confirmed = await StepAsync(_officer, "confirm", (await OpenAsync(_officer)).ETag);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var body = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Confirmed", body.GetProperty("state").GetString());
        Assert.Equal(3, body.GetProperty("admittedNow").GetInt32());
        var repeated = await StepAsync(_officer, "confirm", etag);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(0, (await repeated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("admittedNow").GetInt32());

        foreach (var (phone, id) in families)
        {
            var application = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
            Assert.Equal("Admitted", application.GetProperty("status").GetString());
        }

        // Each family is told: one message each, queued with the admission (by SMS: no WeChat subscription here).
        Assert.Equal("Sent 3 messages to guardians.", await _app.InvokeTimerAsync("SendNotifications"));

        // The notice: the family's own, with a code and a QR code; the gate checks the code.
        var notice = await families[0].Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{families[0].Id}/notice");
        var code = notice.GetProperty("notice").GetProperty("code").GetString()!;
        Assert.Matches("^[0-9A-F]{10}$", code);
        Assert.Contains("<svg", notice.GetProperty("qrSvg").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await families[1].Phone.GetAsync($"/api/parent/applications/{families[0].Id}/notice")).StatusCode);
        var gate = $"/api/staff/schools/{_school}/notices/{families[0].Id}";
        Assert.Equal(HttpStatusCode.NotFound, (await _reviewer.GetAsync($"{gate}?code=0000000000")).StatusCode);
        var verified = await _reviewer.GetFromJsonAsync<JsonElement>($"{gate}?code={code.ToLowerInvariant()}");
        Assert.Equal(_county.Schools[0].Name, verified.GetProperty("schoolName").GetString());
        Assert.Equal(JsonValueKind.Null, verified.GetProperty("checkedInAt").ValueKind);
    }

    [Fact]
    public async Task TheSchoolRecordsWhoReportedTheBureauSeesWhoDidNotAndOnlyThoseWhoReportedReachTheStudentRecords()
    {
        var families = new[] { await ApplyAsync(), await ApplyAsync() };
        await AdvanceDaysAsync(5);
        foreach (var (_, id) in families)
        {
            await _reviewer.ApproveApplicationAsync(_school, id);
        }

        Assert.Equal(HttpStatusCode.OK, (await _head.AdmissionStepAsync(_county.Id, _school, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _officer.AdmissionStepAsync(_county.Id, _school, "confirm")).StatusCode);
        var checkIns = $"/api/staff/schools/{_school}/check-ins";

        var early = await _reviewer.PostAsJsonAsync(checkIns, new { applicationIds = new[] { families[0].Id } });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("报到时间为", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await AdvanceDaysAsync(5);
        Assert.Equal(HttpStatusCode.BadRequest, (await _reviewer.PostAsJsonAsync(checkIns, new { applicationIds = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.NewStaffAsync(StaffRole.Auditor, _county.Id)).PostAsJsonAsync(checkIns, new { applicationIds = new[] { families[0].Id } })).StatusCode);
        var lines = await (await _reviewer.PostAsJsonAsync(checkIns, new { applicationIds = new[] { families[0].Id, "NOT-A-CHILD" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["CheckedIn", "NotAdmittedHere"], lines.EnumerateArray().Select(l => l.GetProperty("result").GetString()));
        var again = await (await _reviewer.PostAsJsonAsync(checkIns, new { applicationIds = new[] { families[0].Id } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AlreadyCheckedIn", again[0].GetProperty("result").GetString());

        var report = $"/api/staff/counties/{_county.Id}/actual-enrolment";
        Assert.Equal(HttpStatusCode.NotFound, (await _reviewer.GetAsync(report)).StatusCode);
        var row = (await _officer.GetFromJsonAsync<JsonElement>(report)).EnumerateArray().Single(r => r.GetProperty("schoolId").GetString() == _school);
        Assert.Equal((2, 1, false), (row.GetProperty("admitted").GetInt32(), row.GetProperty("checkedIn").GetInt32(), row.GetProperty("overdue").GetBoolean()));
        Assert.Equal(families[1].Id, Assert.Single(row.GetProperty("notCheckedIn").EnumerateArray()).GetProperty("applicationId").GetString());

        // Past the deadline the child who has not reported is overdue: the bureau follows it up.
        await AdvanceDaysAsync(3);
        row = (await _officer.GetFromJsonAsync<JsonElement>(report)).EnumerateArray().Single(r => r.GetProperty("schoolId").GetString() == _school);
        Assert.True(row.GetProperty("overdue").GetBoolean());

        var export = await _officer.GetStringAsync($"/api/staff/counties/{_county.Id}/schools/{_school}/admitted-list?format=csv");
        Assert.Equal(2, export.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task WithoutAnAdmissionOrderMoreEligibleChildrenThanPlacesAreNotAdmittedUntilTheBureauRaisesThePlan()
    {
        var families = new[] { await ApplyAsync(), await ApplyAsync() };
        var store = _app.Services.GetRequiredService<ICountyStore>();
        var county = (await store.GetAsync(_county.Id, CancellationToken.None))!;
        await store.UpsertAsync(county with { Schools = county.Schools.Select(s => s.Id == _school ? s with { Plan = new Plan(1, 1) } : s).ToList(), AdmissionOrders = null }, CancellationToken.None);
        await AdvanceDaysAsync(5);
        foreach (var (_, id) in families)
        {
            await _reviewer.ApproveApplicationAsync(_school, id);
        }

        var refused = await _head.AdmissionStepAsync(_county.Id, _school, "approve");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:over-plan", problem.GetProperty("type").GetString());
        Assert.Contains("超过招生计划 1 人", problem.GetProperty("detail").GetString());
        Assert.Equal("Eligible", (await families[0].Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{families[0].Id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task APrivateSchoolsLotteryComesFirstAndAChildNotDrawnFallsBackToThePublicChoiceForReview()
    {
        var (families, drawn) = await PrivateLotteryAsync(families: 3, f => f);

        var queue = await _reviewer.GetFromJsonAsync<JsonElement>($"/api/staff/schools/{_school}/applications?queue=new");
        foreach (var (phone, id) in families.Where(f => f.Id != drawn.Id))
        {
            var moved = await MovedAsync(phone, id);
            Assert.Equal((_school, "UnderReview"), (moved.GetProperty("schoolId").GetString(), moved.GetProperty("status").GetString()));
            Assert.Contains(queue.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == moved.GetProperty("id").GetString());
        }

        Assert.Equal("Admitted", (await drawn.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{drawn.Id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WhereTheCountySaysSoAChildNotDrawnFallsBackToTheCatchmentSchoolNotThePublicChoice()
    {
        var route = $"/api/staff/counties/{_county.Id}/configuration";
        var file = JsonNode.Parse(await _officer.GetStringAsync($"{route}/export"))!;
        file["privateFallback"] = "CatchmentSchool";
        Assert.Equal(HttpStatusCode.OK, (await _officer.ImportConfigurationAsync(_county.Id, file, "民办未派中的转入片区学校")).StatusCode);

        // The families chose the first public school, but live in the second one's catchment (文化街社区).
        var catchmentSchool = _county.Schools[1];
        var (families, drawn) = await PrivateLotteryAsync(families: 2, f => f with { Residence = f.Residence! with { Address = "临县城关镇文化街社区5号楼" } });

        var (phone, id) = families.Single(f => f.Id != drawn.Id);
        var moved = await MovedAsync(phone, id);
        Assert.Equal((catchmentSchool.Id, "UnderReview"), (moved.GetProperty("schoolId").GetString(), moved.GetProperty("status").GetString()));
        var note = (await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}")).GetProperty("timeline").EnumerateArray().Last().GetProperty("note").GetString();
        Assert.Contains(catchmentSchool.Name, note);
    }

    /// <summary>
    /// 公民同招 at a one-place private school: the families apply to it and the first public school, are reviewed and drawn
    /// there first (the public school does not see them meanwhile), the drawn family accepts, and the private school's list
    /// is approved and confirmed.
    /// </summary>
    private async Task<(List<(HttpClient Phone, string Id)> Families, (HttpClient Phone, string Id) Drawn)> PrivateLotteryAsync(int families, Func<ApplicationForm, ApplicationForm> change)
    {
        var current = (await _app.Services.GetRequiredService<ICountyStore>().GetAsync(_county.Id, CancellationToken.None))!;
        var (_, privateSchool) = await _app.WithLotteryAsync(current, places: 1);
        var applied = new List<(HttpClient Phone, string Id)>();
        for (var i = 0; i < families; i++)
        {
            var phone = await _app.NewParentAsync();
            var form = change(TestForms.Valid(_county.Id, _school, TestIdentity.ResidentId(new DateOnly(2020, 5, 1 + i))) with { SchoolIds = [_school, privateSchool.Id] });
            applied.Add((phone, await phone.SubmitNewAsync(form)));
        }

        Assert.All(applied, f => Assert.Equal(privateSchool.Id, f.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{f.Id}").Result.GetProperty("schoolId").GetString()));
        Assert.Empty((await _reviewer.GetFromJsonAsync<JsonElement>($"/api/staff/schools/{_school}/applications?queue=new")).GetProperty("items").EnumerateArray());
        var privateReviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, privateSchool.Id);
        foreach (var (_, id) in applied)
        {
            await privateReviewer.ApproveApplicationAsync(privateSchool.Id, id);
        }

        var lottery = $"/api/staff/counties/{_county.Id}/lotteries/{privateSchool.Id}";
        (await _officer.PostAsync($"{lottery}/freeze", null)).EnsureSuccessStatusCode();
        (await _officer.PostAsJsonAsync($"{lottery}/draw", new { publicValue = "2026094期 03 11 17 22 28 31 + 07", publicSource = "https://www.cwl.gov.cn/", liveValue = "4821" })).EnsureSuccessStatusCode();
        var drawn = applied.Single(f => f.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{f.Id}").Result.GetProperty("status").GetString() == "Offered");
        (await drawn.Phone.PostAsJsonAsync($"/api/parent/applications/{drawn.Id}/offer", new { accept = true })).EnsureSuccessStatusCode();

        await AdvanceDaysAsync(5);
        var privateHead = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, privateSchool.Id);
        Assert.Equal(HttpStatusCode.OK, (await privateHead.AdmissionStepAsync(_county.Id, privateSchool.Id, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _officer.AdmissionStepAsync(_county.Id, privateSchool.Id, "confirm")).StatusCode);
        return (applied, drawn);
    }

    /// <summary>The application a child not drawn was moved to; the one at the private school ends not admitted.</summary>
    private static async Task<JsonElement> MovedAsync(HttpClient phone, string id)
    {
        var mine = await phone.GetFromJsonAsync<JsonElement[]>("/api/parent/applications");
        Assert.Equal("NotAdmitted", mine!.Single(a => a.GetProperty("id").GetString() == id).GetProperty("status").GetString());
        return mine!.Single(a => a.GetProperty("id").GetString() != id);
    }

    [Fact]
    public async Task AnOversubscribedPublicSchoolAdmitsByCategoryDrawsTheCategoryThatDoesNotFitAndLeavesTheRestToPlacement()
    {
        var store = _app.Services.GetRequiredService<ICountyStore>();
        var county = (await store.GetAsync(_county.Id, CancellationToken.None))!;
        await store.UpsertAsync(county with
        {
            Schools = county.Schools.Select(s => s.Id == _school ? s with { Plan = new Plan(3, 1) } : s).ToList(),
            Calendar = county.Calendar with { Windows = [.. county.Calendar.Windows, new WindowSetting(WindowKind.Lottery, Stage.Primary, null, new Window(Now.AddDays(3.5), Now.AddDays(3.9)))] },
        }, CancellationToken.None);

        // 一类 (household and home in the catchment), 二类 (home only), two of 三类 (household only), and a migrant family (五类).
        const string Home = "临县城关镇人民路12号3单元";
        var first = await ApplyAsync(f => f with { Residence = new ResidenceForm(EligibilityBasis.OwnedProperty, Home) }, "临县城关镇东关社区");
        var second = await ApplyAsync(f => f with { Residence = new ResidenceForm(EligibilityBasis.OwnedProperty, Home) }, "山西省吕梁市临县城关镇");
        var thirds = new[] { await ApplyAsync(f => f, "临县城关镇东关社区"), await ApplyAsync(f => f, "临县城关镇人民路社区") };
        var migrant = await ApplyAsync(f => f with { Residence = new ResidenceForm(EligibilityBasis.ResidencePermit, Home) }, "河北省保定市");
        foreach (var (_, id) in new[] { first, second, migrant }.Concat(thirds))
        {
            await _reviewer.ApproveApplicationAsync(_school, id);
        }

        // The lottery draws only 三类, for the one place left after 一类 and 二类.
        _app.Time.Advance(TimeSpan.FromDays(3.6));
        await SignInAsync();
        var lottery = $"/api/staff/counties/{_county.Id}/lotteries/{_school}";
        var frozen = await (await _officer.PostAsync($"{lottery}/freeze", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1), (frozen.GetProperty("applicants").GetInt32(), frozen.GetProperty("places").GetInt32()));
        (await _officer.PostAsJsonAsync($"{lottery}/draw", new { publicValue = "2026094期 03 11 17 22 28 31 + 07", publicSource = "https://www.cwl.gov.cn/", liveValue = "4821" })).EnsureSuccessStatusCode();
        var offered = thirds.Single(t => t.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{t.Id}").Result.GetProperty("status").GetString() == "Offered");
        (await offered.Phone.PostAsJsonAsync($"/api/parent/applications/{offered.Id}/offer", new { accept = true })).EnsureSuccessStatusCode();

        await AdvanceDaysAsync(1);
        var (sheet, _) = await OpenAsync(_head);
        Assert.Equal(new[] { first.Id, second.Id, offered.Id }.Order(), sheet.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("applicationId").GetString()).Order());
        Assert.Equal(HttpStatusCode.OK, (await _head.AdmissionStepAsync(_county.Id, _school, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _officer.AdmissionStepAsync(_county.Id, _school, "confirm")).StatusCode);

        foreach (var (phone, id) in new[] { first, second, offered })
        {
            Assert.Equal("Admitted", (await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}")).GetProperty("status").GetString());
        }

        // The child the lottery left waiting and the migrant family's child are placed by the bureau: both are on its report.
        var unplaced = await _officer.GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{_county.Id}/unplaced");
        var notAdmitted = new[] { thirds.Single(t => t.Id != offered.Id).Id, migrant.Id };
        Assert.Equal(notAdmitted.Order(), unplaced!.Where(u => u.GetProperty("schoolId").GetString() == _school).Select(u => u.GetProperty("applicationId").GetString()).Order());
    }

    [Fact]
    public async Task WhereTheCountySaysSoAnApprovedListIsConfirmedWhenTheAdmissionWindowCloses()
    {
        var store = _app.Services.GetRequiredService<ICountyStore>();
        await store.UpsertAsync((await store.GetAsync(_county.Id, CancellationToken.None))! with { ConfirmAdmissionsAtClose = true }, CancellationToken.None);
        var family = await ApplyAsync();
        await _reviewer.ApproveApplicationAsync(_school, family.Id);
        await AdvanceDaysAsync(5);
        Assert.Equal(HttpStatusCode.OK, (await _head.AdmissionStepAsync(_county.Id, _school, "approve")).StatusCode);

        Assert.Equal("Confirmed 0 approved admission lists whose window closed.", await _app.InvokeTimerAsync("ConfirmAdmissions"));
        _app.Time.Advance(TimeSpan.FromDays(4));
        Assert.Equal("Confirmed 1 approved admission lists whose window closed.", await _app.InvokeTimerAsync("ConfirmAdmissions"));
        Assert.Equal("Confirmed 0 approved admission lists whose window closed.", await _app.InvokeTimerAsync("ConfirmAdmissions"));
        Assert.Equal("Admitted", (await family.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{family.Id}")).GetProperty("status").GetString());
    }

    private async Task<(HttpClient Phone, string Id)> ApplyAsync(Func<ApplicationForm, ApplicationForm> change, string householdPlace)
    {
        var phone = await _app.NewParentAsync();
        var form = change(TestForms.Valid(_county.Id, _school, TestIdentity.ResidentId(new DateOnly(2020, 2, 1).AddDays(_children++))))
            .WithChild(c => c with { HouseholdRegistrationPlace = householdPlace });
        return (phone, await phone.SubmitNewAsync(form));
    }
}
