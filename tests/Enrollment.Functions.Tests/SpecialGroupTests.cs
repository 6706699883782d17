using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>台账 and 应入尽入: the bureau sees every special-group child, and those not placed yet.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SpecialGroupTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private Core.Counties.County _county = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/ledgers";

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<string> NewApplicationAsync(string schoolId, string name, Func<CircumstancesForm, CircumstancesForm> circumstances)
    {
        var form = TestForms.Valid(_county.Id, schoolId, TestIdentity.ResidentId(new DateOnly(2020, 6, 1 + Random.Shared.Next(28)))).WithChild(c => c with { Name = name });
        return await (await _app.NewParentAsync()).SubmitNewAsync(form with { Circumstances = circumstances(form.Circumstances!) });
    }

    [Fact]
    public async Task TheLedgersListEachGroupWithMaskedNamesAndTheReportListsWhoIsNotPlacedYet()
    {
        var first = _county.Schools[0].Id;
        var leftBehind = await NewApplicationAsync(first, "赵小留", c => c with { LeftBehind = LeftBehindStatus.BothParentsAway });
        var disabled = await NewApplicationAsync(_county.Schools[1].Id, "钱小残", c => c with { Disability = DisabilityType.Hearing, DisabilityPlacement = DisabilityPlacement.RegularClass });
        var unsupported = await NewApplicationAsync(first, "周小护", c => c with { DeFactoUnsupported = true });
        await NewApplicationAsync(first, "孙普通", c => c);
        await _app.Services.GetRequiredService<IApplicationStore>().UpdateAsync(leftBehind, first,
            a => a.MoveTo(ApplicationStatus.Admitted, _app.Time.GetUtcNow(), Actor.Bureau, null), CancellationToken.None);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        var all = (await officer.GetFromJsonAsync<JsonElement[]>(Route))!;
        Assert.Equal(new[] { disabled, leftBehind, unsupported }.Order(), all.Select(e => e.GetProperty("applicationId").GetString()!).Order());
        Assert.DoesNotContain("赵小留", string.Join(" ", all.Select(e => e.ToString())));

        var deaf = Assert.Single((await officer.GetFromJsonAsync<JsonElement[]>(Route + "?group=Disabled"))!);
        Assert.Equal("钱*残", deaf.GetProperty("maskedName").GetString());
        Assert.Equal("RegularClass", deaf.GetProperty("placement").GetString());

        var alone = Assert.Single((await officer.GetFromJsonAsync<JsonElement[]>(Route + "?group=DeFactoUnsupported"))!);
        Assert.Equal("周*护", alone.GetProperty("maskedName").GetString());

        var unplaced = (await officer.GetFromJsonAsync<JsonElement[]>(Route + "/unplaced"))!;
        Assert.Equal(new[] { disabled, unsupported }.Order(), unplaced.Select(e => e.GetProperty("applicationId").GetString()!).Order());
    }

    [Fact]
    public async Task OnlyTheCountysOfficersAndAuditorsSeeTheLedgers()
    {
        Assert.Equal(HttpStatusCode.OK, (await (await _app.NewStaffAsync(StaffRole.Auditor, _county.Id)).GetAsync(Route + "/unplaced")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _county.Schools[0].Id)).GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.NewStaffAsync(StaffRole.BureauOfficer, (await _app.CreateCountyAsync()).Id)).GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await _app.NewParentAsync()).GetAsync(Route)).StatusCode);
    }
}
