using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Azure.Cosmos;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Rehearsals;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// 演练: a practice copy of the county takes synthetic families through every step against fakes, reports, and is
/// wiped whole, while the county's own families, pages and outside services never see it.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class RehearsalTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/rehearsal";

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task ARehearsalRunsEveryStepReportsAndIsWipedWithoutTouchingTheCounty()
    {
        var school = _county.Schools[0].Id;
        var parent = await _app.NewParentAsync();
        var real = await parent.SubmitNewAsync(TestForms.Valid(_county.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 5, 5))));
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var outsideCalls = _app.Departments.LogEntries.Count();

        // The clock moves a millisecond with every reading during the run, so each step has a duration to report.
        _app.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        var response = await officer.PostAsJsonAsync(Route, new { children = 60 });
        _app.Time.AutoAdvanceAmount = TimeSpan.Zero;

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = (await response.Content.ReadFromJsonAsync<RehearsalReport>(TestForms.Json))!;
        Assert.Equal(60, report.Children);
        Assert.True(report.Errors.Count == 0, string.Join("\n", report.Errors.Select(e => $"{e.Step}: {e.What}")));
        Assert.Equal(["复制配置", "集中报名", "部门数据核验", "学校审核", "随机派位", "录取（民办）", "转入公办审核", "录取（公办）", "结果查询"], report.Steps.Select(s => s.Name));
        Assert.Equal(60, report.Steps.Single(s => s.Name == "集中报名").Count);
        Assert.All(report.Steps.Where(s => s.Name != "部门数据核验"), s => Assert.True(s.SlowestMs > 0, s.Name));
        Assert.Contains("所学校派位", report.Steps.Single(s => s.Name == "随机派位").Note);
        // 公民同招: the children the private school's lottery did not admit are reviewed at a public school before it admits.
        Assert.True(report.Steps.Single(s => s.Name == "转入公办审核").Count > 0);
        Assert.Contains("录取", report.Steps.Single(s => s.Name == "结果查询").Note);

        // Nothing left the app: no department, SMS, WeChat or provincial call, during the run or from the timers after it.
        Assert.Equal(outsideCalls, _app.Departments.LogEntries.Count());
        foreach (var timer in new[] { "SendNotifications", "RetryChecks", "RemindSchools", "RemindDeadlines", "ProvincialSync" })
        {
            await _app.InvokeTimerAsync(timer);
        }

        Assert.DoesNotContain(_app.Departments.LogEntries, e => (e.RequestMessage.Body ?? "").Contains("1390000") || e.RequestMessage.Url.Contains("rehearsal"));

        // The practice copy is on no public page, and the county's own queue holds only its own family.
        var copy = Rehearsals.IdFor(_county.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.NewPhone().GetAsync($"/api/public/counties/{copy}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.NewPhone().GetAsync($"/api/public/counties/{copy}/information")).StatusCode);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, school);
        var summary = await reviewer.GetFromJsonAsync<JsonElement>($"/api/staff/schools/{school}/summary");
        Assert.Equal(1, summary.GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/api/staff/schools/{Rehearsals.SchoolIdFor(school)}/summary")).StatusCode);

        // One rehearsal at a time; auditors read the report but neither run nor wipe; another county's officer finds nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync(Route, new { children = 20 })).StatusCode);
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.DeleteAsync(Route)).StatusCode);
        var stranger = await _app.NewStaffAsync(StaffRole.BureauOfficer, (await _app.CreateCountyAsync()).Id);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync(Route)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await officer.DeleteAsync(Route)).StatusCode);

        // Everything the rehearsal stored is gone; the county's own family is as it was.
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(Route)).StatusCode);
        Assert.Null(await _app.Services.GetRequiredService<CosmosCountyStore>().GetAsync(copy, CancellationToken.None));
        var store = _app.Services.GetRequiredService<IApplicationStore>();
        foreach (var practice in _county.Schools.Select(s => Rehearsals.SchoolIdFor(s.Id)))
        {
            Assert.Empty(await store.ListAsync(practice, _county.EnrollmentYear, CancellationToken.None).ToListAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await parent.GetAsync($"/api/parent/applications/{real}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.DeleteAsync(Route)).StatusCode);
        var actions = (await officer.GetFromJsonAsync<JsonElement>($"/api/staff/counties/{_county.Id}/audit")).GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains(AuditActions.StartRehearsal, actions);
        Assert.Contains(AuditActions.WipeRehearsal, actions);
    }

    [Fact]
    public async Task TheNumberOfChildrenIsBoundedAndACountyWithoutSchoolsIsTold()
    {
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        foreach (var children in new int?[] { null, 9, 1001 })
        {
            var refused = await officer.PostAsJsonAsync(Route, new { children });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("10 至 1000", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("children")[0].GetString());
        }

        var empty = _county with { Id = "t" + Guid.NewGuid().ToString("N")[..10], Schools = [] };
        await _app.Services.GetRequiredService<ICountyStore>().UpsertAsync(empty, CancellationToken.None);
        var theirs = await _app.NewStaffAsync(StaffRole.BureauOfficer, empty.Id);
        var noSchools = await theirs.PostAsJsonAsync($"/api/staff/counties/{empty.Id}/rehearsal", new { children = 20 });
        Assert.Equal(HttpStatusCode.BadRequest, noSchools.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync($"/api/staff/counties/{empty.Id}/rehearsal")).StatusCode);
    }
}
