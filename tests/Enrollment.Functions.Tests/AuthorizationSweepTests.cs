using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// Object-level authorization, swept over every parent and staff operation in the OpenAPI document that takes
/// an id: another guardian, a reviewer of another school and an officer of another county never get a 2xx for
/// someone else's application, draft, upload, appeal, staff account, school or county, and get exactly the answer a made-up id
/// of the same shape gets, so not even the existence of another family's records leaks.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed partial class AuthorizationSweepTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private County _otherCounty = null!;

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _otherCounty = await _app.CreateCountyAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task NobodyOutsideAnObjectsScopeCanReachItOrTellThatItExists()
    {
        // The owner's world: an application (rejected, so it can be appealed), an appeal, a draft, an upload slot, and the county's announcement.
        var owner = await _app.NewParentAsync();
        var school = _county.Schools[0].Id;
        var submitted = await owner.SubmitAsync(TestForms.Valid(_county.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 4, 4))));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var applicationId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _app.Services.GetRequiredService<IApplicationStore>().UpdateAsync(applicationId, school,
            a => a.MoveTo(ApplicationStatus.Rejected, _app.Time.GetUtcNow(), Actor.School, "不符合入学条件"), CancellationToken.None);
        var appeal = await owner.PostAsJsonAsync("/api/parent/appeals", new { kind = "Appeal", applicationId, text = "请复核我家孩子的审核结果，谢谢。" });
        Assert.Equal(HttpStatusCode.Created, appeal.StatusCode);
        var appealId = (await appeal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var draftId = Guid.NewGuid().ToString();
        var draftForm = new ApplicationForm(_county.Id, [school], TestForms.Valid(_county.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 6, 6))).Child, null, null, null, null);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsync($"/api/parent/drafts/{draftId}", JsonContent.Create(draftForm, options: TestForms.Json))).StatusCode);
        var slot = await owner.PostAsJsonAsync("/api/parent/uploads", new { kind = "household-register", contentType = "image/png", length = 100 });
        Assert.Equal(HttpStatusCode.Created, slot.StatusCode);
        var uploadId = (await slot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uploadId").GetString()!;

        var announcement = await (await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id)).PostAsJsonAsync(
            $"/api/staff/counties/{_county.Id}/announcements", new { kind = "Notice", title = "报名通知", body = "报名时间见公告。" });
        Assert.Equal(HttpStatusCode.Created, announcement.StatusCode);
        var announcementId = (await announcement.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var real = new Dictionary<string, string>
        {
            ["countyId"] = _county.Id, ["schoolId"] = school, ["applicationId"] = applicationId, ["appealId"] = appealId, ["announcementId"] = announcementId,
            ["draftId"] = draftId, ["uploadId"] = uploadId, ["kind"] = "Registration", ["factKind"] = "HouseholdRegistration", ["scheduledVersion"] = "2",
        };
        var madeUp = new Dictionary<string, string>(real)
        {
            ["countyId"] = "t" + Guid.NewGuid().ToString("N")[..10], ["schoolId"] = school + "9", ["applicationId"] = ApplicationNumber.New(),
            ["appealId"] = Guid.NewGuid().ToString("N"), ["announcementId"] = Guid.NewGuid().ToString("N"), ["draftId"] = Guid.NewGuid().ToString(), ["uploadId"] = new(uploadId.Reverse().ToArray()),
        };

        // The ids are real: their owners reach them.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/parent/applications/{applicationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/parent/drafts/{draftId}")).StatusCode);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, school);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/staff/schools/{school}/applications/{applicationId}")).StatusCode);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        real["staffId"] = (await reviewer.GetFromJsonAsync<JsonElement>("/api/staff/me")).GetProperty("id").GetString()!;
        madeUp["staffId"] = $"nobody-{Guid.NewGuid():N}@{_county.Id}";
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/staff/counties/{_county.Id}/appeals/{appealId}")).StatusCode);

        var draftBefore = await owner.GetStringAsync($"/api/parent/drafts/{draftId}");
        var otherSchool = _county.Schools[1].Id;
        var outsiders = new (string Who, string Prefix, HttpClient Client, Dictionary<string, string> OwnScope)[]
        {
            ("another guardian", "/api/parent", await _app.NewParentAsync(), new()),
            ("a reviewer of another school", "/api/staff", await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, otherSchool), new() { ["schoolId"] = otherSchool }),
            ("the head of another school", "/api/staff", await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, otherSchool), new() { ["schoolId"] = otherSchool }),
            ("an officer of another county", "/api/staff", await _app.NewStaffAsync(StaffRole.BureauOfficer, _otherCounty.Id), new() { ["countyId"] = _otherCounty.Id }),
            ("an auditor of another county", "/api/staff", await _app.NewStaffAsync(StaffRole.Auditor, _otherCounty.Id), new() { ["countyId"] = _otherCounty.Id }),
        };

        var operations = await OperationsWithIdsAsync();
        Assert.True(operations.Count >= 20, $"Only {operations.Count} operations take an id.");
        var swept = 0;
        var failures = new List<string>();
        foreach (var (method, template) in operations)
        {
            foreach (var (who, prefix, client, ownScope) in outsiders.Where(o => template.StartsWith(o.Prefix, StringComparison.Ordinal)))
            {
                // Someone else's object in someone else's scope; and, where the caller has a scope, someone else's object
                // named inside their own (their school or county in the path, another school's application after it).
                var variants = new List<(Dictionary<string, string> Real, Dictionary<string, string> MadeUp)> { (real, madeUp) };
                if (ownScope.Count > 0 && Ids(template).Any(ObjectIds.Contains))
                {
                    var inOwnScope = new Dictionary<string, string>(real).Also(ownScope);
                    variants.Add((inOwnScope, new Dictionary<string, string>(inOwnScope).Also(madeUp.Where(kv => ObjectIds.Contains(kv.Key)).ToDictionary())));
                }

                foreach (var (values, madeUpValues) in variants)
                {
                    var forReal = await SendAsync(client, method, Fill(template, values));
                    var forMadeUp = await SendAsync(client, method, Fill(template, madeUpValues));
                    swept++;
                    var reached = forReal is >= 200 and < 300 && !(method == "PUT" && template == "/api/parent/drafts/{draftId}");
                    if (reached || forReal != forMadeUp)
                    {
                        failures.Add($"{method} {template} as {who}: {forReal} for the real ids, {forMadeUp} for made-up ones");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {swept} calls reached or revealed someone else's object:\n" + string.Join("\n", failures));
        Assert.True(swept >= 40, $"Only {swept} calls were swept.");

        // A guardian who saves a draft under the same id saves their own; the owner's is untouched.
        Assert.Equal(draftBefore, await owner.GetStringAsync($"/api/parent/drafts/{draftId}"));
        Assert.Equal("Rejected", (await owner.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{applicationId}")).GetProperty("status").GetString());
    }

    /// <summary>The ids that name one family's or one case's record, as against a scope (county, school) or a fixed kind.</summary>
    private static readonly HashSet<string> ObjectIds = ["applicationId", "appealId", "announcementId", "draftId", "uploadId", "staffId"];

    private static async Task<int> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            // Plausible enough to get past the shape checks: a decision, a reason, an answer, a window.
            request.Content = new StringContent(
                """{"reason":"测试","reasons":["other"],"message":"请补充材料","fields":["child.name"],"state":"Answered","answer":"已复核","kind":"Appeal","text":"请复核","opens":"2026-08-01T00:00:00+08:00","closes":"2026-08-09T18:00:00+08:00","stage":"Primary"}""",
                Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        IdSlot().Replace(template, m => Uri.EscapeDataString(values[m.Groups[1].Value]));

    private static IEnumerable<string> Ids(string template) => IdSlot().Matches(template).Select(m => m.Groups[1].Value);

    private async Task<List<(string Method, string Template)>> OperationsWithIdsAsync()
    {
        var document = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        return document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.Contains('{') && (path.Name.StartsWith("/api/parent", StringComparison.Ordinal) || path.Name.StartsWith("/api/staff", StringComparison.Ordinal)))
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(operation => (operation.Name.ToUpperInvariant(), path.Name)))
            .ToList();
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex IdSlot();
}

internal static class DictionaryExtensions
{
    public static Dictionary<string, string> Also(this Dictionary<string, string> values, IReadOnlyDictionary<string, string> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return values;
    }
}
