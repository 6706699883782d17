using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>The bureau's live dashboard: counts by state against places, per school, for the county's officers and auditors only.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DashboardTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private Core.Counties.County _county = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/dashboard";

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<string> NewApplicationAsync(string schoolId) =>
        await (await _app.NewParentAsync()).SubmitNewAsync(TestForms.Valid(_county.Id, schoolId, TestIdentity.ResidentId(new DateOnly(2020, 3, 1 + Random.Shared.Next(28)))));

    [Fact]
    public async Task TheDashboardCountsEachSchoolsApplicationsByStateAgainstItsPlaces()
    {
        var first = _county.Schools[0].Id;
        var second = _county.Schools[1].Id;
        await NewApplicationAsync(first);
        var eligible = await NewApplicationAsync(first);
        await NewApplicationAsync(second);
        await _app.Services.GetRequiredService<IApplicationStore>().UpdateAsync(eligible, first,
            a => a.MoveTo(ApplicationStatus.Eligible, _app.Time.GetUtcNow(), Actor.School, null), CancellationToken.None);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        var dashboard = await officer.GetFromJsonAsync<JsonElement>(Route);

        var schools = dashboard.GetProperty("schools").EnumerateArray().ToDictionary(s => s.GetProperty("schoolId").GetString()!);
        Assert.Equal(_county.Schools.Count, schools.Count);
        Assert.Equal(1, schools[first].GetProperty("counts").GetProperty("Submitted").GetInt32());
        Assert.Equal(1, schools[first].GetProperty("counts").GetProperty("Eligible").GetInt32());
        Assert.Equal(1, schools[first].GetProperty("demand").GetInt32());
        Assert.Equal(_county.Schools[0].Plan.Places, schools[first].GetProperty("places").GetInt32());
        Assert.Equal(1, schools[second].GetProperty("counts").GetProperty("Submitted").GetInt32());
        Assert.Empty(schools[_county.Schools[2].Id].GetProperty("counts").EnumerateObject());
    }

    [Fact]
    public async Task OnlyTheCountysOfficersAndAuditorsSeeIt()
    {
        var otherCounty = (await _app.CreateCountyAsync()).Id;

        Assert.Equal(HttpStatusCode.OK, (await (await _app.NewStaffAsync(StaffRole.Auditor, _county.Id)).GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[0].Id)).GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.NewStaffAsync(StaffRole.BureauOfficer, otherCounty)).GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await _app.NewParentAsync()).GetAsync(Route)).StatusCode);
    }
}
