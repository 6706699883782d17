using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Tests;

/// <summary>年度统计: the year's numbers per school, reached through review, admission and check-in, as JSON, CSV and Excel.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class YearStatisticsTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/statistics";

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task EachSchoolsYearIsCountedFromApplicationToCheckInWithTheShareOfMigrantChildren()
    {
        var school = _county.Schools[0].Id;
        async Task<string> ApplyAsync(int day, Func<ApplicationForm, ApplicationForm> change) =>
            await (await _app.NewParentAsync()).SubmitNewAsync(change(TestForms.Valid(_county.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 3, day)))));

        var household = await ApplyAsync(1, f => f);
        var migrant = await ApplyAsync(2, f => f with { Residence = new ResidenceForm(EligibilityBasis.ResidencePermit, "临县城关镇人民路12号3单元"), Circumstances = f.Circumstances! with { LeftBehind = LeftBehindStatus.OneParentAway } });
        var rejected = await ApplyAsync(3, f => f);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, school);
        await reviewer.RejectApplicationAsync(school, rejected, "BasisNotMet", "户籍和住址均不在本校片区。");
        _county = await _app.AdmitAsync(_county, school, household, migrant);
        await _app.CheckInAsync(_county, school, household);

        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var statistics = await officer.GetFromJsonAsync<JsonElement>(Route);
        var mine = statistics.GetProperty("schools").EnumerateArray().Single(s => s.GetProperty("schoolId").GetString() == school);
        Assert.Equal((3, 2, 2, 1), (mine.GetProperty("applied").GetInt32(), mine.GetProperty("eligible").GetInt32(), mine.GetProperty("admitted").GetInt32(), mine.GetProperty("checkedIn").GetInt32()));
        Assert.Equal(1, mine.GetProperty("admittedByBasis").GetProperty("ResidencePermit").GetInt32());
        Assert.Equal(1, mine.GetProperty("specialGroups").GetProperty("LeftBehind").GetInt32());
        // By 招生顺位: the migrant family is in the fifth category; the household register on the form is outside the catchment, so outside the order.
        var byCategory = mine.GetProperty("admittedByCategory");
        Assert.Equal((1, 1, 0), (byCategory.GetProperty("五类：随迁子女（居住证和社保）").GetInt32(), byCategory.GetProperty("顺位外").GetInt32(),
            byCategory.GetProperty("三类：户籍在片区").GetInt32()));
        Assert.Equal((2, 1, 0.5m), (statistics.GetProperty("admittedToPublic").GetInt32(), statistics.GetProperty("migrantsAdmittedToPublic").GetInt32(), statistics.GetProperty("migrantShareInPublic").GetDecimal()));

        var csv = await officer.GetAsync($"{Route}?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("学校编号,学校名称", lines[0]);
        Assert.EndsWith(",录取·五类：随迁子女（居住证和社保）,录取·顺位外", lines[0]);
        Assert.Equal(_county.Schools.Count + 2, lines.Length);
        Assert.StartsWith($"{school},{_county.Schools[0].Name},公办,小学,180,3,2,2,1,1,0,0,1,1,", lines[1]);
        Assert.StartsWith(",测试县合计", lines[^1]);

        var xlsx = await officer.GetAsync($"{Route}?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);
    }

    [Fact]
    public async Task OnlyTheCountysOfficersAndAuditorsReadItAndABadFormatIsNamed()
    {
        Assert.Equal(HttpStatusCode.OK, (await (await _app.NewStaffAsync(StaffRole.Auditor, _county.Id)).GetAsync(Route)).StatusCode);
        var head = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _county.Schools[0].Id);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync(Route)).StatusCode);
        var other = await _app.CreateCountyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.NewStaffAsync(StaffRole.BureauOfficer, other.Id)).GetAsync(Route)).StatusCode);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var refused = await officer.GetAsync($"{Route}?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("urn:enrollment:problem:invalid-format", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }
}
