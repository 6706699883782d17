using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Tests;

/// <summary>
/// 开启下一年度: refused while any step of this year is still ahead or open; then the configuration moves a year on,
/// the public pages show the new year, last year's applications are read-only but still in the officers' exports,
/// and this year's queues, counts and statistics start empty.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class YearRolloverTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/configuration";

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private static async Task<HttpResponseMessage> RollOverAsync(HttpClient officer, string route, string? reason = "2026年招生工作结束，开启2027年度")
    {
        var current = await officer.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        return await officer.SendAsync(StaffApi.WithIfMatch(
            new HttpRequestMessage(HttpMethod.Post, $"{route}/rollover") { Content = JsonContent.Create(new { reason }) }, current.Headers.ETag!.Tag));
    }

    [Fact]
    public async Task TheNextYearOpensOnlyOnceThisYearHasClosedAndLastYearStaysReadOnlyButExportable()
    {
        var (school, other) = (_county.Schools[0].Id, _county.Schools[1].Id);
        var admittedParent = await _app.NewParentAsync();
        var admitted = await admittedParent.SubmitNewAsync(TestForms.Valid(_county.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 3, 1))));
        var waitingParent = await _app.NewParentAsync();
        var waiting = await waitingParent.SubmitNewAsync(TestForms.Valid(_county.Id, other, TestIdentity.ResidentId(new DateOnly(2020, 4, 2))));

        // Registration is still open: the year cannot be closed under the families applying.
        var early = await RollOverAsync(await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id), Route);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        var refusal = (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("$.windows")[0].GetString();
        Assert.Contains("网上报名", refusal);
        Assert.Contains("还没有结束", refusal);

        // Registration closes; the school admits and the child reports; a week on, every window of 2026 has closed
        // (staff sign in again: their sessions last a working day). The other school's application was never decided.
        var registration2026 = _county.Calendar.Windows.Single(w => w.Kind == WindowKind.Registration) with
        {
            Window = new Window(_app.Time.GetUtcNow().AddDays(-1), _app.Time.GetUtcNow().AddHours(1)),
        };
        _county = _county with { Calendar = WindowCalendar.Of(registration2026) };
        _app.Time.Advance(TimeSpan.FromHours(2));
        _county = await _app.AdmitAsync(_county, school, admitted);
        await _app.CheckInAsync(_county, school, admitted);
        var officerToday = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var configured = await officerToday.GetAsync(Route);
        var admissionCloses = _county.Calendar.Windows.Single(w => w.Kind == WindowKind.Admission).Window!.Closes;
        var checkIn = await officerToday.SendAsync(StaffApi.WithIfMatch(new HttpRequestMessage(HttpMethod.Put, $"{Route}/windows/CheckIn")
        {
            Content = JsonContent.Create(new { stage = "Primary", opens = admissionCloses, closes = admissionCloses.AddDays(1), reason = "报到在录取结束后" }),
        }, configured.Headers.ETag!.Tag));
        Assert.True(checkIn.IsSuccessStatusCode, await checkIn.Content.ReadAsStringAsync());
        _app.Time.Advance(TimeSpan.FromDays(7));
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await RollOverAsync(auditor, Route)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await RollOverAsync(officer, Route, reason: " ")).StatusCode);
        var withoutVersion = await officer.PostAsJsonAsync($"{Route}/rollover", new { reason = "开启2027年度" });
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutVersion.StatusCode);

        var rolled = await RollOverAsync(officer, Route);
        Assert.True(rolled.StatusCode == HttpStatusCode.OK, await rolled.Content.ReadAsStringAsync());
        var configuration = await rolled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2027, configuration.GetProperty("enrollmentYear").GetInt32());
        var registration = configuration.GetProperty("windows").EnumerateArray().Single(w => w.GetProperty("kind").GetString() == "Registration");
        Assert.Equal(registration2026.Window!.Opens.ToOffset(TimeSpan.FromHours(8)).AddYears(1), registration.GetProperty("opens").GetDateTimeOffset());

        // The public pages show the new year and its age rule; staff accounts carry over.
        var information = await _app.NewPhone().GetFromJsonAsync<JsonElement>($"/api/public/counties/{_county.Id}");
        Assert.Equal(2027, information.GetProperty("enrollmentYear").GetInt32());
        Assert.Equal(2021, DateOnly.Parse(information.GetProperty("latestBirthDate").GetString()!).Year);

        // Last year's applications are read-only for families and schools alike, and say why.
        var withdraw = await waitingParent.PostAsync($"/api/parent/applications/{waiting}/withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, withdraw.StatusCode);
        Assert.Contains("2026年度", (await withdraw.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, other);
        var detail = $"/api/staff/schools/{other}/applications/{waiting}";
        var opened = await reviewer.GetAsync(detail);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var approve = await reviewer.SendAsync(StaffApi.WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{detail}/approve") { Content = JsonContent.Create(new { }) }, opened.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("已经结束并归档", (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var mine = await waitingParent.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{waiting}");
        Assert.Equal(2026, mine.GetProperty("enrollmentYear").GetInt32());

        // This year's queue and statistics start empty; last year's are still there for officers, by year.
        var summary = await reviewer.GetFromJsonAsync<JsonElement>($"/api/staff/schools/{other}/summary");
        Assert.All(summary.GetProperty("counts").EnumerateObject(), c => Assert.Equal(0, c.Value.GetInt32()));
        var statistics = $"/api/staff/counties/{_county.Id}/statistics";
        Assert.Equal(0, SchoolRow(await officer.GetFromJsonAsync<JsonElement>(statistics), school).GetProperty("applied").GetInt32());
        var lastYear = SchoolRow(await officer.GetFromJsonAsync<JsonElement>($"{statistics}?year=2026"), school);
        Assert.Equal((1, 1, 1), (lastYear.GetProperty("applied").GetInt32(), lastYear.GetProperty("admitted").GetInt32(), lastYear.GetProperty("checkedIn").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"{statistics}?year=2019")).StatusCode);

        var lists = $"/api/staff/counties/{_county.Id}/schools/{school}/admitted-list";
        Assert.Single(CsvRows(await officer.GetAsync(lists)));
        Assert.Equal(2, CsvRows(await officer.GetAsync($"{lists}?year=2026")).Count);

        // The rollover is audited with the whole configuration it replaced; a second one now would open 2028 and is refused.
        var entry = (await officer.GetFromJsonAsync<JsonElement>($"{Route}/history")).GetProperty("entries").EnumerateArray()
            .First(e => e.GetProperty("action").GetString() == AuditActions.RollOverYear);
        Assert.Equal(2026, JsonNode.Parse(entry.GetProperty("before").GetString()!)!["enrollmentYear"]!.GetValue<int>());
        var again = await RollOverAsync(officer, Route);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("$.enrollmentYear", out _));
    }

    private static JsonElement SchoolRow(JsonElement statistics, string school) =>
        statistics.GetProperty("schools").EnumerateArray().Single(s => s.GetProperty("schoolId").GetString() == school);

    private static List<string> CsvRows(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Encoding.UTF8.GetString(response.Content.ReadAsByteArrayAsync().Result).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
