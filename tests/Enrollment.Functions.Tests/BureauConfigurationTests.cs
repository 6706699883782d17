using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// The bureau's configuration: windows closed, reopened, scheduled and paused take effect on the very next
/// request; changes are versioned and audited; imports are validated and a dry run stores nothing.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class BureauConfigurationTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private HttpClient _officer = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/configuration";

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private DateTimeOffset Now => _app.Time.GetUtcNow();

    [Fact]
    public async Task AnOfficerClosesRegistrationEarlyAndTheNextSubmitIsRefusedAtOnceThenReopensIt()
    {
        var parent = await _app.NewParentAsync();
        var version = await VersionAsync();

        var closed = await SendAsync(_officer, HttpMethod.Patch, $"{Route}/windows/Registration", new { stage = "Primary", closes = Now, reason = "教育局决定提前截止" }, version);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("\"v2\"", closed.Headers.ETag?.Tag);

        var refused = await SubmitAnyChildAsync(parent);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:window-not-open", problem.GetProperty("type").GetString());
        Assert.Equal("报名已经结束", problem.GetProperty("title").GetString());

        var reopened = await SendAsync(_officer, HttpMethod.Patch, $"{Route}/windows/Registration", new { stage = "Primary", closes = Now.AddDays(2), reason = "延长报名" }, closed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(parent)).StatusCode);
    }

    [Fact]
    public async Task ASchoolsOwnWindowOverridesItsStage()
    {
        var parent = await _app.NewParentAsync();
        var school = _county.Schools[1].Id;
        var set = await SendAsync(_officer, HttpMethod.Put, $"{Route}/windows/Registration",
            new { schoolId = school, opens = Now.AddDays(1), closes = Now.AddDays(3), reason = "该校报名推迟一天" }, await VersionAsync());
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        Assert.Equal("报名尚未开始", (await (await SubmitAnyChildAsync(parent, school)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(parent, _county.Schools[0].Id)).StatusCode);

        var removed = await _officer.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Route}/windows/Registration?schoolId={school}&reason=恢复统一时间")
        {
            Headers = { { "If-Match", set.Headers.ETag!.Tag } },
        });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(await _app.NewParentAsync(), school)).StatusCode);
    }

    [Fact]
    public async Task AChangeScheduledAheadCanBeWithdrawnBeforeItTakesEffect()
    {
        var at = Now.AddHours(2);
        var scheduled = await SendAsync(_officer, HttpMethod.Patch, $"{Route}/windows/Registration",
            new { stage = "Primary", closes = at, effectiveAt = at, reason = "按通知今日12:00截止" }, await VersionAsync());
        var view = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        var version = Assert.Single(view.GetProperty("scheduled").EnumerateArray()).GetProperty("version").GetInt32();

        var stale = await _officer.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Route}/scheduled/{version}?reason=x") { Headers = { { "If-Match", "\"v1\"" } } });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var withdrawn = await _officer.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Route}/scheduled/{version}?reason={Uri.EscapeDataString("通知撤回，按原时间截止")}")
        {
            Headers = { { "If-Match", scheduled.Headers.ETag!.Tag } },
        });

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Empty((await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scheduled").EnumerateArray());
        _app.Time.SetUtcNow(at.AddMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(await _app.NewParentAsync())).StatusCode);
        var again = await _officer.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Route}/scheduled/{version}?reason=x") { Headers = { { "If-Match", withdrawn.Headers.ETag!.Tag } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var entry = (await _officer.GetFromJsonAsync<JsonElement>($"{Route}/history")).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == AuditActions.CancelScheduledChange);
        Assert.Equal("通知撤回，按原时间截止", entry.GetProperty("reason").GetString());
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Route}/scheduled/{version}?reason=x") { Headers = { { "If-Match", withdrawn.Headers.ETag!.Tag } } })).StatusCode);
    }

    [Fact]
    public async Task AChangeScheduledAheadTakesEffectWhenTheClockPassesIt()
    {
        var at = Now.AddHours(2);
        var scheduled = await SendAsync(_officer, HttpMethod.Patch, $"{Route}/windows/Registration",
            new { stage = "Primary", closes = at, effectiveAt = at, reason = "按通知今日12:00截止" }, await VersionAsync());
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        var view = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(at, Assert.Single(view.GetProperty("scheduled").EnumerateArray()).GetProperty("effectiveAt").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(await _app.NewParentAsync())).StatusCode);
        _app.Time.SetUtcNow(at.AddSeconds(-1));
        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(await _app.NewParentAsync())).StatusCode);
        _app.Time.SetUtcNow(at);
        Assert.Equal(HttpStatusCode.Forbidden, (await SubmitAnyChildAsync(await _app.NewParentAsync())).StatusCode);

        // Read back, the change is now simply the window.
        var now = await _officer.GetFromJsonAsync<JsonElement>(Route);
        Assert.Empty(now.GetProperty("scheduled").EnumerateArray());
        Assert.Equal("Closed", now.GetProperty("windows")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task AnEmergencyPauseClosesEveryWindowWithItsMessageUntilResumed()
    {
        var parent = await _app.NewParentAsync();
        const string message = "报名系统临时维护，预计今天20:00恢复，恢复后报名时间顺延。";

        var paused = await SendAsync(_officer, HttpMethod.Post, $"{Route}/pause", new { message, reason = "数据核验接口故障" }, etag: null);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);

        var refused = await SubmitAnyChildAsync(parent, _county.Schools[4].Id);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("报名暂停", problem.GetProperty("title").GetString());
        Assert.Equal(message, problem.GetProperty("detail").GetString());
        var publicView = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/public/counties/{_county.Id}");
        Assert.Equal("Paused", publicView.GetProperty("registration").GetProperty("state").GetString());
        Assert.Equal(message, publicView.GetProperty("registration").GetProperty("notice").GetString());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(_officer, HttpMethod.Post, $"{Route}/resume", new { reason = "故障已排除" }, etag: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAnyChildAsync(parent)).StatusCode);
    }

    [Fact]
    public async Task TwoOfficersCannotOverwriteEachOther()
    {
        var other = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var version = await VersionAsync();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(_officer, HttpMethod.Patch, $"{Route}/windows/Registration", new { stage = "Primary", closes = Now.AddDays(5), reason = "延长" }, version)).StatusCode);
        var stale = await SendAsync(other, HttpMethod.Patch, $"{Route}/windows/Registration", new { stage = "Primary", closes = Now.AddHours(1), reason = "提前截止" }, version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(2, (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt32());

        var noVersion = await SendAsync(other, HttpMethod.Patch, $"{Route}/windows/Registration", new { stage = "Primary", closes = Now.AddHours(1), reason = "提前截止" }, etag: null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, noVersion.StatusCode);

        var stored = await _officer.GetFromJsonAsync<JsonElement>(Route);
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
        Assert.Equal(Now.AddDays(5), stored.GetProperty("windows")[0].GetProperty("closes").GetDateTimeOffset());
    }

    [Fact]
    public async Task EveryChangeIsAuditedWithWhoWhyBeforeAndAfter()
    {
        var version = await VersionAsync();
        var originalCloses = _county.Calendar.Windows[0].Window!.Closes;
        var closes = Now.AddDays(4);
        var changed = await SendAsync(_officer, HttpMethod.Patch, $"{Route}/windows/Registration", new { stage = "Primary", closes, reason = "延长一天" }, version);
        // A minute apart, so the log's newest-first order is the order they were made in.
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(_officer, HttpMethod.Post, $"{Route}/pause", new { message = "暂停", reason = "演练" }, changed.Headers.ETag!.Tag);
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(_officer, HttpMethod.Post, $"{Route}/resume", new { reason = "演练结束" }, etag: null);

        var history = await _officer.GetFromJsonAsync<JsonElement>($"{Route}/history");
        var entries = history.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([AuditActions.ResumeEnrollment, AuditActions.PauseEnrollment, AuditActions.ChangeWindow], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["演练结束", "演练", "延长一天"], entries.Select(e => e.GetProperty("reason").GetString()));
        Assert.All(entries, e => Assert.StartsWith("bureauofficer-", e.GetProperty("actorId").GetString()));
        var window = entries[2];
        Assert.Equal(originalCloses, JsonNode.Parse(window.GetProperty("before").GetString()!)!["before"]!["window"]!["closes"]!.GetValue<DateTimeOffset>());
        Assert.Equal(closes, JsonNode.Parse(window.GetProperty("after").GetString()!)!["after"]!["window"]!["closes"]!.GetValue<DateTimeOffset>());
        Assert.Equal(4, (await _officer.GetFromJsonAsync<JsonElement>(Route)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task InvalidChangesAreRefusedWithTheirPathsAndNothingChanges()
    {
        var version = await VersionAsync();
        async Task<JsonElement> Refused(object body, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
        {
            var response = await SendAsync(_officer, HttpMethod.Put, $"{Route}/windows/Registration", body, version);
            Assert.Equal(status, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        Assert.True((await Refused(new { stage = "Primary", opens = Now.AddDays(2), closes = Now.AddDays(1), reason = "x" })).GetProperty("errors").TryGetProperty("$.window", out _));
        Assert.True((await Refused(new { schoolId = "other-101", opens = Now, closes = Now.AddDays(1), reason = "x" })).GetProperty("errors").TryGetProperty("$.schoolId", out _));
        Assert.True((await Refused(new { stage = "Primary", opens = Now, closes = Now.AddDays(1) })).GetProperty("errors").TryGetProperty("$.reason", out _));
        // A PUT sets the whole window, even where one stands whose closing time could be kept: that is a PATCH.
        Assert.True((await Refused(new { stage = "Primary", opens = Now, reason = "x" })).GetProperty("errors").TryGetProperty("$.closes", out _));
        Assert.True((await Refused(new { stage = "Primary", opens = Now, closes = Now.AddDays(1), effectiveAt = Now.AddDays(-1), reason = "x" })).GetProperty("errors").TryGetProperty("$.effectiveAt", out _));
        await Refused(new { stage = 7, opens = "tomorrow", reason = "x" }, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(_officer, HttpMethod.Put, $"{Route}/windows/Enrolment", new { stage = "Primary", opens = Now, closes = Now.AddDays(1), reason = "x" }, version)).StatusCode);

        Assert.Equal(1, (await _officer.GetFromJsonAsync<JsonElement>(Route)).GetProperty("version").GetInt32());
        Assert.Empty((await _officer.GetFromJsonAsync<JsonElement>($"{Route}/history")).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task ImportsWithBadFilesAreRefusedWithPathsAndStoreNothing()
    {
        var version = await VersionAsync();
        var file = await ExportAsync();

        var malformed = await ImportAsync("{\"name\": \"测试县\", \"schools\": [", version);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("urn:enrollment:problem:unreadable-configuration", (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        var wrongType = file.DeepClone();
        wrongType["schools"]![0]!["plan"]!["places"] = "很多";
        var typed = await ImportAsync(wrongType.ToJsonString(), version);
        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
        Assert.True((await typed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("$.schools[0].plan.places", out _));

        var numberForEnum = file.DeepClone();
        numberForEnum["schools"]![0]!["kind"] = 1;
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(numberForEnum.ToJsonString(), version)).StatusCode);

        var unknownFallback = file.DeepClone();
        unknownFallback["privateFallback"] = "Nowhere";
        var fallback = await ImportAsync(unknownFallback.ToJsonString(), version);
        Assert.Equal(HttpStatusCode.BadRequest, fallback.StatusCode);
        Assert.True((await fallback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("$.privateFallback", out _));

        var invalid = file.DeepClone();
        invalid["schools"]![0]!["plan"]!["classSize"] = 56;
        invalid["schools"]![2]!["id"] = invalid["schools"]![1]!["id"]!.GetValue<string>();
        invalid["windows"]!.AsArray().Add(new JsonObject { ["kind"] = "Lottery", ["schoolId"] = "nowhere", ["window"] = new JsonObject { ["opens"] = Now.AddDays(10), ["closes"] = Now.AddDays(11) } });
        var refused = await ImportAsync(invalid.ToJsonString(), version);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("大班额", errors.GetProperty("$.schools[0].plan.classSize")[0].GetString());
        Assert.Contains("重复", errors.GetProperty("$.schools[2].id")[0].GetString());
        Assert.Contains("不是本县的学校", errors.GetProperty("$.windows[1].schoolId")[0].GetString());

        var notJson = await _officer.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Route}/import?reason=x")
        {
            Content = new StringContent("name,places", Encoding.UTF8, "text/csv"),
            Headers = { { "If-Match", version } },
        });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);

        Assert.Equal(1, (await _officer.GetFromJsonAsync<JsonElement>(Route)).GetProperty("version").GetInt32());
        Assert.Empty((await _officer.GetFromJsonAsync<JsonElement>($"{Route}/history")).GetProperty("entries").EnumerateArray());
        Assert.Equal(_county.Schools.Count, (await _app.Services.GetRequiredService<ICountyStore>().GetAsync(_county.Id, CancellationToken.None))!.Schools.Count);
    }

    [Fact]
    public async Task AnImportCannotRemoveASchoolFamiliesHaveAppliedTo()
    {
        var school = _county.Schools[3];
        var parent = await _app.NewParentAsync();
        Assert.Equal(HttpStatusCode.Created, (await parent.SubmitAsync(TestForms.Valid(_county.Id, school.Id, TestIdentity.ResidentId(new DateOnly(2020, 2, 2))))).StatusCode);
        var version = await VersionAsync();
        var file = await ExportAsync();
        file["schools"]!.AsArray().RemoveAt(3);

        foreach (var refused in new[] { await ImportAsync(file.ToJsonString(), etag: null, dryRun: true), await ImportAsync(file.ToJsonString(), version) })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.Contains("已有1份报名", errors.GetProperty($"$.schools({school.Id})")[0].GetString());
        }

        Assert.Equal(1, (await _officer.GetFromJsonAsync<JsonElement>(Route)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task ADryRunAnswersTheDiffAndStoresNothingThenTheImportStoresIt()
    {
        var version = await VersionAsync();
        var file = await ExportAsync();
        var schools = file["schools"]!.AsArray();
        schools[0]!["plan"]!["places"] = 135;
        schools[1]!["hotline"] = "0358-7654321";
        var added = schools[3]!.DeepClone();
        added["id"] = _county.Id + "-105";
        added["name"] = "测试县新城小学";
        schools.RemoveAt(3);
        schools.Add(added);
        file["windows"]!.AsArray().Add(new JsonObject { ["kind"] = "Lottery", ["schoolId"] = _county.Id + "-201", ["window"] = new JsonObject { ["opens"] = Now.AddDays(5), ["closes"] = Now.AddDays(6) } });
        file["privateFallback"] = "CatchmentSchool";

        var dry = await ImportAsync(file.ToJsonString(), etag: null, dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var preview = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(preview.GetProperty("stored").GetBoolean());
        var diff = preview.GetProperty("diff");
        Assert.Equal([_county.Id + "-105"], Strings(diff.GetProperty("schools").GetProperty("added")));
        Assert.Equal([_county.Id + "-104"], Strings(diff.GetProperty("schools").GetProperty("removed")));
        Assert.Equal([_county.Id + "-102"], Strings(diff.GetProperty("schools").GetProperty("changed")));
        Assert.Equal([_county.Id + "-101"], Strings(diff.GetProperty("plans").GetProperty("changed")));
        Assert.Equal([$"Lottery/{_county.Id}-201"], Strings(diff.GetProperty("windows").GetProperty("added")));
        Assert.True(diff.GetProperty("privateFallbackChanged").GetBoolean());

        var unchanged = await _officer.GetFromJsonAsync<JsonElement>(Route);
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Equal(180, unchanged.GetProperty("schools")[0].GetProperty("plan").GetProperty("places").GetInt32());
        Assert.Empty((await _officer.GetFromJsonAsync<JsonElement>($"{Route}/history")).GetProperty("entries").EnumerateArray());

        var imported = await ImportAsync(file.ToJsonString(), version);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.True((await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetBoolean());
        var stored = (await _app.Services.GetRequiredService<ICountyStore>().GetAsync(_county.Id, CancellationToken.None))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(135, stored.Schools[0].Plan.Places);
        Assert.Contains(stored.Schools, s => s.Id == _county.Id + "-105");
        Assert.Equal(PrivateFallback.CatchmentSchool, stored.PrivateFallback);
        var entry = Assert.Single((await _officer.GetFromJsonAsync<JsonElement>($"{Route}/history")).GetProperty("entries").EnumerateArray());
        Assert.Equal(AuditActions.ChangeConfiguration, entry.GetProperty("action").GetString());

        // The same file again, on the old version: someone (this officer) changed it meanwhile.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await ImportAsync(file.ToJsonString(), version)).StatusCode);
    }

    [Fact]
    public async Task OnlyTheCountysOfficersChangeItItsAuditorsReadItAndEveryoneElseFindsNothing()
    {
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Id + "-101");
        var head = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _county.Id + "-101");
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        var otherOfficer = await _app.NewStaffAsync(StaffRole.BureauOfficer, (await _app.CreateCountyAsync()).Id);
        var parent = await _app.NewParentAsync();
        var version = await VersionAsync();
        var file = (await ExportAsync()).ToJsonString();

        var reads = new[] { Route, $"{Route}/history", $"{Route}/export" };
        var writes = new (HttpMethod Method, string Path, string Body)[]
        {
            (HttpMethod.Put, $"{Route}/windows/Registration", JsonSerializer.Serialize(new { stage = "Primary", opens = Now, closes = Now.AddHours(1), reason = "x" })),
            (HttpMethod.Patch, $"{Route}/windows/Registration", JsonSerializer.Serialize(new { stage = "Primary", closes = Now, reason = "x" })),
            (HttpMethod.Delete, $"{Route}/windows/Registration?schoolId={_county.Id}-101&reason=x", ""),
            (HttpMethod.Post, $"{Route}/pause", JsonSerializer.Serialize(new { message = "暂停", reason = "x" })),
            (HttpMethod.Post, $"{Route}/resume", JsonSerializer.Serialize(new { reason = "x" })),
            (HttpMethod.Post, $"{Route}/import?reason=x", file),
            (HttpMethod.Post, $"{Route}/import?dryRun=true", file),
        };

        async Task<HttpStatusCode> Send(HttpClient client, HttpMethod method, string path, string? body) =>
            (await client.SendAsync(new HttpRequestMessage(method, path)
            {
                Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
                Headers = { { "If-Match", version } },
            })).StatusCode;

        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.OK, await Send(auditor, HttpMethod.Get, path, null));
            Assert.Equal(HttpStatusCode.NotFound, await Send(reviewer, HttpMethod.Get, path, null));
            Assert.Equal(HttpStatusCode.NotFound, await Send(head, HttpMethod.Get, path, null));
            Assert.Equal(HttpStatusCode.NotFound, await Send(otherOfficer, HttpMethod.Get, path, null));
            Assert.Equal(HttpStatusCode.Unauthorized, await Send(parent, HttpMethod.Get, path, null));
        }

        foreach (var (method, path, body) in writes)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await Send(auditor, method, path, body));
            Assert.Equal(HttpStatusCode.NotFound, await Send(reviewer, method, path, body));
            Assert.Equal(HttpStatusCode.NotFound, await Send(head, method, path, body));
            Assert.Equal(HttpStatusCode.NotFound, await Send(otherOfficer, method, path, body));
            Assert.Equal(HttpStatusCode.Unauthorized, await Send(parent, method, path, body));
        }

        Assert.Equal(1, (await _officer.GetFromJsonAsync<JsonElement>(Route)).GetProperty("version").GetInt32());
        Assert.Empty((await _officer.GetFromJsonAsync<JsonElement>($"{Route}/history")).GetProperty("entries").EnumerateArray());
    }

    private async Task<string> VersionAsync()
    {
        var response = await _officer.GetAsync(Route);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    private async Task<JsonNode> ExportAsync() =>
        JsonNode.Parse(await _officer.GetStringAsync($"{Route}/export"))!;

    private Task<HttpResponseMessage> ImportAsync(string json, string? etag, bool dryRun = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Route}/import?reason={Uri.EscapeDataString("按新计划导入")}" + (dryRun ? "&dryRun=true" : ""))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (etag is not null)
        {
            request.Headers.Add("If-Match", etag);
        }

        return _officer.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object body, string? etag)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.Add("If-Match", etag);
        }

        return client.SendAsync(request);
    }

    /// <summary>A child not applied for before (a fresh ID number) at the school, or at the county's first.</summary>
    private Task<HttpResponseMessage> SubmitAnyChildAsync(HttpClient parent, string? schoolId = null) =>
        parent.SubmitAsync(TestForms.Valid(_county.Id, schoolId ?? _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 3, Random.Shared.Next(1, 28)))));

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
