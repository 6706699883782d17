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

    /// <summary>The school rejects the application, through the review API, as not eligible there.</summary>
    private async Task RejectAsync(string schoolId, string applicationId)
    {
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, schoolId);
        var route = $"/api/staff/schools/{schoolId}/applications/{applicationId}";
        var etag = (await reviewer.GetAsync(route)).Headers.ETag!.Tag;
        var reject = new HttpRequestMessage(HttpMethod.Post, $"{route}/reject") { Content = JsonContent.Create(new { reason = "OutsideCatchment" }) };
        reject.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.SendAsync(reject)).StatusCode);
    }

    private static Task<HttpResponseMessage> PlaceAsync(HttpClient officer, string countyId, string fromSchoolId, string applicationId, string toSchoolId) =>
        officer.PostAsJsonAsync($"/api/staff/counties/{countyId}/schools/{fromSchoolId}/applications/{applicationId}/place", new { toSchoolId });

    [Fact]
    public async Task TheLedgersListEachGroupWithMaskedNamesAndTheReportListsWhoIsNotPlacedYet()
    {
        var first = _county.Schools[0].Id;
        var leftBehind = await NewApplicationAsync(first, "赵小留", c => c with { LeftBehind = LeftBehindStatus.BothParentsAway });
        var disabled = await NewApplicationAsync(_county.Schools[1].Id, "钱小残", c => c with { Disability = DisabilityType.Hearing, DisabilityPlacement = DisabilityPlacement.RegularClass });
        var unsupported = await NewApplicationAsync(first, "周小护", c => c with { DeFactoUnsupported = true });
        await NewApplicationAsync(first, "孙普通", c => c);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        // Not eligible at the school chosen, the left-behind child is placed by the bureau at another: admitted there.
        await RejectAsync(first, leftBehind);
        Assert.Contains(leftBehind, (await officer.GetFromJsonAsync<JsonElement[]>(Route + "/unplaced"))!.Select(e => e.GetProperty("applicationId").GetString()));
        var placed = await PlaceAsync(officer, _county.Id, first, leftBehind, _county.Schools[2].Id);
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        var placement = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var placedId = placement.GetProperty("applicationId").GetString()!;
        Assert.Equal("Admitted", placement.GetProperty("status").GetString());

        // Each child once: the placed one under the application that placed them, not the one it closed.
        var all = (await officer.GetFromJsonAsync<JsonElement[]>(Route))!;
        Assert.Equal(new[] { disabled, placedId, unsupported }.Order(), all.Select(e => e.GetProperty("applicationId").GetString()!).Order());
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
    public async Task ThePlacementOfAChildHonoursTheReceivingSchoolsPlan()
    {
        // Setting up: the receiving school has one place this year.
        var full = _county.Schools[3] with { Plan = new Core.Counties.Plan(Places: 1, Classes: 1) };
        _county = _county with { Schools = _county.Schools.Select(s => s.Id == full.Id ? full : s).ToList() };
        await _app.Services.GetRequiredService<Core.Counties.ICountyStore>().UpsertAsync(_county, CancellationToken.None);
        var first = _county.Schools[0].Id;
        var one = await NewApplicationAsync(first, "吴一", c => c);
        var two = await NewApplicationAsync(first, "郑二", c => c);
        await RejectAsync(first, one);
        await RejectAsync(first, two);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        Assert.Equal(HttpStatusCode.OK, (await PlaceAsync(officer, _county.Id, first, one, full.Id)).StatusCode);
        var refused = await PlaceAsync(officer, _county.Id, first, two, full.Id);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:school-full", problem.GetProperty("type").GetString());
        Assert.Contains("招生计划 1 人", problem.GetProperty("detail").GetString());
        // The first is placed (repeating it still finishes it); the second is still waiting, and still on the report.
        Assert.Equal(HttpStatusCode.OK, (await PlaceAsync(officer, _county.Id, first, one, full.Id)).StatusCode);
        var unplaced = (await officer.GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{_county.Id}/unplaced"))!;
        Assert.Equal([two], unplaced.Select(e => e.GetProperty("applicationId").GetString()!));
    }

    [Fact]
    public async Task TwoOfficersPlacingAtOnceCannotBothTakeASchoolsLastPlace()
    {
        // Setting up: the receiving school has two places, one of them taken by a placement already.
        var full = _county.Schools[3] with { Plan = new Core.Counties.Plan(Places: 2, Classes: 1) };
        _county = _county with { Schools = _county.Schools.Select(s => s.Id == full.Id ? full : s).ToList() };
        await _app.Services.GetRequiredService<Core.Counties.ICountyStore>().UpsertAsync(_county, CancellationToken.None);
        var first = _county.Schools[0].Id;
        var children = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            children.Add(await NewApplicationAsync(first, $"王{"一二三四五"[i]}", c => c));
            await RejectAsync(first, children[^1]);
        }

        var officers = new[] { await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id), await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id) };
        Assert.Equal(HttpStatusCode.OK, (await PlaceAsync(officers[0], _county.Id, first, children[0], full.Id)).StatusCode);

        var answers = await Task.WhenAll(children.Skip(1).Select((id, i) => PlaceAsync(officers[i % 2], _county.Id, first, id, full.Id)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var unplaced = (await officers[0].GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{_county.Id}/unplaced"))!;
        Assert.Equal(3, unplaced.Count(e => children.Contains(e.GetProperty("applicationId").GetString()!)));
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
