using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>The county's officers keep its staff accounts; every change ends the account's sessions and is audited.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class StaffAccountsApiTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private HttpClient _officer = null!;

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private string Route => $"/api/staff/counties/{_county.Id}/accounts";

    private async Task<HttpClient> SignInAsync(string name, string password, string? code = null)
    {
        var browser = _app.NewPhone();
        (await browser.PostAsJsonAsync("/api/staff/sign-in", new { name, password, code })).EnsureSuccessStatusCode();
        return browser;
    }

    private async Task<JsonElement> CreateAsync(string name, string role, params string[] schoolIds)
    {
        var created = await _officer.PostAsJsonAsync(Route, new { signInName = name, displayName = "王老师", role, schoolIds });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AnOfficerAddsAReviewerWhoSignsInAndMovingThemToAnotherSchoolEndsTheirSession()
    {
        var first = _county.Schools[0].Id;
        var second = _county.Schools[1].Id;
        var name = $"wang.{Guid.NewGuid():N}@{_county.Id}";
        var created = await CreateAsync(name, "SchoolReviewer", first);
        var password = created.GetProperty("password").GetString()!;
        Assert.Equal(16, password.Length);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("totpSecret").ValueKind);

        var reviewer = await SignInAsync(name, password);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/staff/schools/{first}/summary")).StatusCode);
        var listed = (await _officer.GetFromJsonAsync<JsonElement[]>(Route))!.Single(a => a.GetProperty("id").GetString() == name);
        Assert.Equal([first], listed.GetProperty("schoolIds").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain("passwordHash", listed.ToString(), StringComparison.OrdinalIgnoreCase);

        var moved = await _officer.PatchAsJsonAsync($"{Route}/{name}", new { schoolIds = new[] { second } });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reviewer.GetAsync($"/api/staff/schools/{first}/summary")).StatusCode);
        var again = await SignInAsync(name, password);
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync($"/api/staff/schools/{first}/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/api/staff/schools/{second}/summary")).StatusCode);
        var log = await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_county.Id, new AuditQuery(null, null, name, null, null), 10, null, CancellationToken.None);
        var kept = log!.Entries.Where(e => e.Action is AuditActions.CreateStaff or AuditActions.ChangeStaff).ToList();
        Assert.Equal([AuditActions.ChangeStaff, AuditActions.CreateStaff], kept.Select(e => e.Action).Order());
        Assert.Contains(second, kept.Single(e => e.Action == AuditActions.ChangeStaff).After);
        Assert.Contains(first, kept.Single(e => e.Action == AuditActions.ChangeStaff).Before);
    }

    [Fact]
    public async Task ADisabledAccountCannotSignInAndANewPasswordWorksOnceItIsEnabledAgain()
    {
        var name = $"head.{Guid.NewGuid():N}@{_county.Id}";
        var password = (await CreateAsync(name, "SchoolHead", _county.Schools[0].Id)).GetProperty("password").GetString()!;
        var head = await SignInAsync(name, password);

        Assert.Equal(HttpStatusCode.OK, (await _officer.PatchAsJsonAsync($"{Route}/{name}", new { disabled = true })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await head.GetAsync("/api/staff/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password })).StatusCode);
        var reset = await _officer.PostAsync($"{Route}/{name}/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var newPassword = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        Assert.NotEqual(password, newPassword);
        Assert.Equal(HttpStatusCode.OK, (await _officer.PatchAsJsonAsync($"{Route}/{name}", new { disabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await SignInAsync(name, newPassword)).GetAsync("/api/staff/me")).StatusCode);
    }

    [Fact]
    public async Task ANewOfficerGetsAnAuthenticatorSecretAndNeedsItsCode()
    {
        var name = $"officer.{Guid.NewGuid():N}@{_county.Id}";
        var created = await CreateAsync(name, "BureauOfficer");
        var secret = created.GetProperty("totpSecret").GetString()!;
        Assert.StartsWith("otpauth://totp/", created.GetProperty("authenticatorUri").GetString());
        var password = created.GetProperty("password").GetString()!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.NewPhone().PostAsJsonAsync("/api/staff/sign-in", new { name, password })).StatusCode);
        var officer = await SignInAsync(name, password, _app.Services.GetRequiredService<StaffSignIn>().CurrentCode(secret));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(Route)).StatusCode);
    }

    [Theory]
    [InlineData("""{"signInName":"a b","displayName":"王老师","role":"SchoolReviewer","schoolIds":["{school}"]}""", "signInName")]
    [InlineData("""{"signInName":"ok.name","displayName":"<b>王</b>","role":"SchoolReviewer","schoolIds":["{school}"]}""", "displayName")]
    [InlineData("""{"signInName":"ok.name","displayName":"王老师","role":"SchoolReviewer","schoolIds":["elsewhere-101"]}""", "schoolIds")]
    [InlineData("""{"signInName":"ok.name","displayName":"王老师","role":"SchoolReviewer","schoolIds":[]}""", "schoolIds")]
    [InlineData("""{"signInName":"ok.name","displayName":"王老师"}""", "role")]
    public async Task ABadAccountIsRefusedFieldByFieldAndNothingIsCreated(string body, string field)
    {
        var before = (await _officer.GetFromJsonAsync<JsonElement[]>(Route))!.Length;

        var refused = await _officer.PostAsync(Route, new StringContent(body.Replace("{school}", _county.Schools[0].Id), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await _officer.GetFromJsonAsync<JsonElement[]>(Route))!.Length);
    }

    [Fact]
    public async Task ANameInUseIsAConflictAndAnOfficerCannotDisableThemselvesOrTurnAReviewerIntoAnOfficer()
    {
        var name = $"li.{Guid.NewGuid():N}@{_county.Id}";
        await CreateAsync(name, "SchoolReviewer", _county.Schools[0].Id);
        Assert.Equal(HttpStatusCode.Conflict, (await _officer.PostAsJsonAsync(Route, new { signInName = name.ToUpperInvariant(), displayName = "李老师", role = "SchoolReviewer", schoolIds = new[] { _county.Schools[0].Id } })).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await _officer.PatchAsJsonAsync($"{Route}/{name}", new { role = "BureauOfficer" })).StatusCode);
        var me = (await _officer.GetFromJsonAsync<JsonElement>("/api/staff/me")).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.BadRequest, (await _officer.PatchAsJsonAsync($"{Route}/{me}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _officer.GetAsync("/api/staff/me")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheCountysOfficersKeepItsAccountsAndItsAuditorsReadThem()
    {
        var name = $"zhao.{Guid.NewGuid():N}@{_county.Id}";
        await CreateAsync(name, "SchoolReviewer", _county.Schools[0].Id);
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        var head = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _county.Schools[0].Id);
        var elsewhere = await _app.NewStaffAsync(StaffRole.BureauOfficer, (await _app.CreateCountyAsync()).Id);

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(Route)).StatusCode);
        foreach (var outsider in new[] { auditor, head, elsewhere })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync(Route, new { signInName = "x.y", displayName = "某人", role = "Auditor" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PatchAsJsonAsync($"{Route}/{name}", new { disabled = true })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"{Route}/{name}/reset-password", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync(Route)).StatusCode);
        // Another county's officer cannot reach this county's account through their own county either.
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PatchAsJsonAsync($"/api/staff/counties/{(await elsewhere.GetFromJsonAsync<JsonElement>("/api/staff/me")).GetProperty("countyId").GetString()}/accounts/{name}", new { disabled = true })).StatusCode);
        Assert.False((await _officer.GetFromJsonAsync<JsonElement[]>(Route))!.Single(a => a.GetProperty("id").GetString() == name).GetProperty("disabled").GetBoolean());
    }
}
