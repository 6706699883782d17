using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// A county that does not exist yet: the platform's operator sets it up with its first officer, who signs in with what
/// the answer handed over once and imports the schools. Nobody else can make a county, and bad requests store nothing.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class OnboardingTests(LocalEmulators emulators) : IAsyncLifetime
{
    private const string Route = "/api/staff/platform/counties";
    private readonly EnrollmentApp _app = new(emulators);
    private HttpClient _operator = null!;

    public async Task InitializeAsync()
    {
        await _app.Services.GetRequiredService<Azure.Storage.StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        _operator = await _app.NewStaffAsync(StaffRole.PlatformOperator, StaffAccount.PlatformScope);
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private int Year => _app.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year + 1;

    /// <summary>A county-level division code no other test uses: Shanxi's prefix and four random digits.</summary>
    private static string NewDivisionCode() => "14" + Random.Shared.Next(1, 10_000).ToString("D4");

    private static object Request(string id, string divisionCode, string officer, object? stages = null, int? year = null, string name = "新设县") =>
        new { id, name, divisionCode, stages = stages ?? new[] { "Primary", "JuniorSecondary" }, enrollmentYear = year, officerSignInName = officer, officerDisplayName = "招生办 王老师" };

    [Fact]
    public async Task TheOperatorSetsUpACountyWhoseFirstOfficerSignsInAndImportsItsSchools()
    {
        var id = "c" + Guid.NewGuid().ToString("N")[..8];
        var created = await _operator.PostAsJsonAsync(Route, Request(id, NewDivisionCode(), $"wang@{id}", year: Year));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        var officerAccount = answer.GetProperty("officer");
        Assert.Equal("BureauOfficer", officerAccount.GetProperty("account").GetProperty("role").GetString());

        // The officer signs in with the first password and the authenticator the answer carried once.
        var officer = _app.NewPhone();
        var code = _app.Services.GetRequiredService<StaffSignIn>().CurrentCode(officerAccount.GetProperty("totpSecret").GetString()!);
        var signIn = await officer.PostAsJsonAsync("/api/staff/sign-in", new { name = $"wang@{id}", password = officerAccount.GetProperty("password").GetString(), code });
        Assert.True(signIn.IsSuccessStatusCode, await signIn.Content.ReadAsStringAsync());

        // An empty county: no schools, no windows, until the officer imports them.
        var route = $"/api/staff/counties/{id}/configuration";
        var empty = JsonNode.Parse(await officer.GetStringAsync($"{route}/export"))!;
        Assert.Empty(empty["schools"]!.AsArray());
        var file = empty.DeepClone();
        file["schools"] = new JsonArray(SchoolJson($"{id}-101", "新设县实验小学", "Primary"), SchoolJson($"{id}-201", "新设县第一初级中学", "JuniorSecondary"));
        var now = _app.Time.GetUtcNow();
        file["windows"] = new JsonArray(
            new JsonObject { ["kind"] = "Registration", ["stage"] = "Primary", ["window"] = new JsonObject { ["opens"] = now.AddDays(1), ["closes"] = now.AddDays(5) } },
            new JsonObject { ["kind"] = "Registration", ["stage"] = "JuniorSecondary", ["window"] = new JsonObject { ["opens"] = now.AddDays(1), ["closes"] = now.AddDays(5) } });
        var imported = await officer.ImportConfigurationAsync(id, file, "首次导入学校和学区");
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var information = await _app.NewPhone().GetFromJsonAsync<JsonElement>($"/api/public/counties/{id}");
        Assert.Equal("新设县", information.GetProperty("name").GetString());
        Assert.Equal(2, information.GetProperty("schools").GetArrayLength());

        var log = await officer.GetFromJsonAsync<JsonElement>($"/api/staff/counties/{id}/audit?action={AuditActions.CreateCounty}");
        Assert.Equal(StaffRole.PlatformOperator.ToString(), Assert.Single(log.GetProperty("entries").EnumerateArray()).GetProperty("actorRole").GetString());
    }

    [Fact]
    public async Task BadRequestsDuplicatesAndEveryoneButTheOperatorAreRefusedAndNothingIsStored()
    {
        var code = NewDivisionCode();
        var id = "d" + Guid.NewGuid().ToString("N")[..8];
        async Task<JsonElement> RefusedAsync(HttpClient client, object request, HttpStatusCode status)
        {
            var response = await client.PostAsJsonAsync(Route, request);
            Assert.Equal(status, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        Assert.True((await RefusedAsync(_operator, Request(id, "991124", $"a@{id}", year: Year), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("divisionCode", out _));
        Assert.True((await RefusedAsync(_operator, Request(id, "140000", $"a@{id}", year: Year), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("divisionCode", out _));
        Assert.True((await RefusedAsync(_operator, Request("platform", code, $"a@{id}", year: Year), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("id", out _));
        Assert.True((await RefusedAsync(_operator, Request("Bad Id", code, $"a@{id}", year: Year), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("id", out _));
        Assert.True((await RefusedAsync(_operator, Request(id, code, $"a@{id}", stages: Array.Empty<string>(), year: Year), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("stages", out _));
        Assert.True((await RefusedAsync(_operator, Request(id, code, $"a@{id}", year: Year + 5), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("enrollmentYear", out _));
        Assert.True((await RefusedAsync(_operator, Request(id, code, "王老师", year: Year), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("officerSignInName", out _));

        // Only the operator: a county's own officer finds nothing here.
        var county = await _app.CreateCountyAsync();
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, county.Id);
        await RefusedAsync(officer, Request(id, code, $"a@{id}", year: Year), HttpStatusCode.NotFound);
        Assert.Null(await _app.Services.GetRequiredService<ICountyStore>().GetAsync(id, CancellationToken.None));

        // Once made, neither the id nor the division code can be used again, and the sign-in name is taken.
        Assert.Equal(HttpStatusCode.Created, (await _operator.PostAsJsonAsync(Route, Request(id, code, $"a@{id}", year: Year))).StatusCode);
        Assert.Contains(id, (await RefusedAsync(_operator, Request(id, NewDivisionCode(), $"b@{id}", year: Year), HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Contains(code, (await RefusedAsync(_operator, Request(id + "x", code, $"b@{id}", year: Year), HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Null(await _app.Services.GetRequiredService<ICountyStore>().GetAsync(id + "x", CancellationToken.None));

        // The county opened primary only: its officer cannot import a junior school.
        var primaryOnly = "p" + Guid.NewGuid().ToString("N")[..8];
        var made = await (await _operator.PostAsJsonAsync(Route, Request(primaryOnly, NewDivisionCode(), $"c@{primaryOnly}", stages: new[] { "Primary" }, year: Year))).Content.ReadFromJsonAsync<JsonElement>();
        var itsOfficer = _app.NewPhone();
        var totp = _app.Services.GetRequiredService<StaffSignIn>().CurrentCode(made.GetProperty("officer").GetProperty("totpSecret").GetString()!);
        (await itsOfficer.PostAsJsonAsync("/api/staff/sign-in", new { name = $"c@{primaryOnly}", password = made.GetProperty("officer").GetProperty("password").GetString(), code = totp })).EnsureSuccessStatusCode();
        var route = $"/api/staff/counties/{primaryOnly}/configuration";
        var file = JsonNode.Parse(await itsOfficer.GetStringAsync($"{route}/export"))!;
        file["schools"] = new JsonArray(SchoolJson($"{primaryOnly}-201", "新设县第一初级中学", "JuniorSecondary"));
        var refused = await itsOfficer.ImportConfigurationAsync(primaryOnly, file, "首次导入学校和学区");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("初中", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("$.schools[0].stage")[0].GetString());

        // A county's officer cannot hand out the operator's role either.
        var made2 = await officer.PostAsJsonAsync($"/api/staff/counties/{county.Id}/accounts", new { signInName = $"op@{county.Id}", displayName = "运维", role = "PlatformOperator" });
        Assert.Equal(HttpStatusCode.BadRequest, made2.StatusCode);
    }

    private static JsonObject SchoolJson(string id, string name, string stage) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["kind"] = "Public",
        ["stage"] = stage,
        ["address"] = "城关镇学府路1号",
        ["hotline"] = "0358-1234567",
        ["catchment"] = new JsonObject { ["description"] = "城关镇全镇", ["communities"] = new JsonArray("城关社区") },
        ["plan"] = new JsonObject { ["places"] = 90, ["classes"] = 2 },
    };
}
