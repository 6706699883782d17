using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Tests;

/// <summary>
/// The bureau's public texts: a draft is saved, validated and audited, previewed as the public page will read, and
/// only reaches the public pages once published.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class PublicTextsTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private HttpClient _officer = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/texts";

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<(JsonObject Draft, string ETag)> PublishedAsync()
    {
        var response = await _officer.GetAsync(Route);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var texts = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (texts["published"]!.DeepClone().AsObject(), response.Headers.ETag!.Tag);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string route, JsonNode? body, string? etag)
    {
        var request = new HttpRequestMessage(method, route) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return _officer.SendAsync(request);
    }

    [Fact]
    public async Task ADraftIsPreviewedAndReachesThePublicPagesOnlyOncePublished()
    {
        var school = _county.Schools[0].Id;
        var (draft, etag) = await PublishedAsync();
        var before = draft["policy"]!["summary"]!.GetValue<string>();
        draft["policy"]!["summary"] = "2027年秋季小学一年级招生实行免试就近入学，公办学校划片招生。";
        draft["materials"]!.AsArray().Add(new JsonObject { ["name"] = "预防接种证", ["whoNeedsIt"] = "所有家庭；入学时查验，报名时无需上传。", ["confirmedByDataSharing"] = false });
        draft["schoolRules"] = new JsonObject { [school] = "本校按户籍+房产、房产、户籍、居住证+社保的顺序录取。\n多孩家庭请在报名时注明。" };
        draft["reason"] = "公布2027年招生政策";

        var saved = await SendAsync(HttpMethod.Put, Route, draft, etag);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // The public pages still read the published texts; the preview reads the draft.
        var information = $"/api/public/counties/{_county.Id}/information";
        var anyone = _app.NewPhone();
        Assert.Equal(before, (await anyone.GetFromJsonAsync<JsonElement>(information)).GetProperty("county").GetProperty("policySummary").GetString());
        var schoolPage = await anyone.GetFromJsonAsync<JsonElement>($"/api/public/counties/{_county.Id}/schools/{school}");
        Assert.Equal(JsonValueKind.Null, schoolPage.GetProperty("school").GetProperty("rules").ValueKind);
        var preview = await _officer.GetFromJsonAsync<JsonElement>($"{Route}/preview");
        Assert.StartsWith("2027年秋季", preview.GetProperty("county").GetProperty("policySummary").GetString());
        Assert.Contains("预防接种证", preview.GetProperty("county").GetProperty("materials").EnumerateArray().Select(m => m.GetProperty("name").GetString()));

        var published = await SendAsync(HttpMethod.Post, $"{Route}/publish", new JsonObject { ["reason"] = "局务会审定后发布" }, saved.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.StartsWith("2027年秋季", (await anyone.GetFromJsonAsync<JsonElement>(information)).GetProperty("county").GetProperty("policySummary").GetString());
        schoolPage = await anyone.GetFromJsonAsync<JsonElement>($"/api/public/counties/{_county.Id}/schools/{school}");
        Assert.Contains("多孩家庭", schoolPage.GetProperty("school").GetProperty("rules").GetString());
        Assert.Equal(JsonValueKind.Null, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("draft").ValueKind);

        var history = await _officer.GetFromJsonAsync<JsonElement>($"/api/staff/counties/{_county.Id}/configuration/history");
        Assert.Equal(new[] { AuditActions.DraftTexts, AuditActions.PublishTexts }.Order(), history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Order());

        // Published once: there is no draft left to publish again.
        var again = await SendAsync(HttpMethod.Post, $"{Route}/publish", new JsonObject { ["reason"] = "再发一次" }, published.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task BadTextsStaleVersionsAndOtherRolesAreRefusedAndNothingChanges()
    {
        var (texts, etag) = await PublishedAsync();
        texts["reason"] = "修改材料清单";

        var why = texts.DeepClone();
        why["materials"]![0]!["whoNeedsIt"] = "";
        why["schoolRules"] = new JsonObject { ["nowhere-101"] = "本校实施办法" };
        why["complaints"]!["hotline"] = "请拨打热线";
        var refused = await SendAsync(HttpMethod.Put, Route, why, etag);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("为什么需要", errors.GetProperty("$.materials[0].whoNeedsIt")[0].GetString());
        Assert.True(errors.TryGetProperty("$.schoolRules.nowhere-101", out _));
        Assert.True(errors.TryGetProperty("$.complaints.hotline", out _));

        var noReason = texts.DeepClone();
        noReason["reason"] = null;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Put, Route, noReason, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await SendAsync(HttpMethod.Put, Route, texts, etag: null)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Post, $"{Route}/publish", new JsonObject { ["reason"] = "发布" }, etag)).StatusCode);

        // Someone changed the configuration since it was read: the draft saved on the old version is refused.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, Route, texts, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(HttpMethod.Put, Route, texts, etag)).StatusCode);

        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(Route)).StatusCode);
        var (_, current) = await PublishedAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, Route) { Content = JsonContent.Create(texts) };
        put.Headers.TryAddWithoutValidation("If-Match", current);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.SendAsync(put)).StatusCode);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[0].Id);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(Route)).StatusCode);
        var other = await _app.CreateCountyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.NewStaffAsync(StaffRole.BureauOfficer, other.Id)).GetAsync(Route)).StatusCode);
    }
}
