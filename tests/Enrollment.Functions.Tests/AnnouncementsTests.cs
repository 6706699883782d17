using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Tests;

/// <summary>Notices, policy answers and statements: published by the county's officers, public newest first, withdrawn with a reason.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AnnouncementsTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private HttpClient _officer = null!;

    private string Route => $"/api/staff/counties/{_county.Id}/announcements";

    private string Public => $"/api/public/counties/{_county.Id}/announcements";

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<string> PublishAsync(string kind, string title, string body)
    {
        var response = await _officer.PostAsJsonAsync(Route, new { kind, title, body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task TheBureauPublishesAnyoneReadsNewestFirstAndAWithdrawnOneLeavesThePublicList()
    {
        var notice = await PublishAsync("Notice", "关于2027年小学招生报名的通知", "报名时间为7月1日至7月10日。\n请通过手机报名。");
        _app.Time.Advance(TimeSpan.FromHours(1));
        var answer = await PublishAsync("Answer", "租房家庭如何报名？", "问：租房家庭如何报名？\n答：持租赁备案和居住证报名，按招生顺位录取。");
        _app.Time.Advance(TimeSpan.FromHours(1));
        var statement = await PublishAsync("Statement", "关于报名系统访问缓慢的情况说明", "报名先后不影响录取结果，请错峰报名。");

        var anyone = _app.NewPhone();
        var list = await anyone.GetFromJsonAsync<JsonElement[]>(Public);
        Assert.Equal([statement, answer, notice], list!.Select(a => a.GetProperty("id").GetString()));
        Assert.Equal("政策问答", list![1].GetProperty("kindText").GetString());
        Assert.False(list[0].TryGetProperty("publishedBy", out _));

        var withdrawn = await _officer.DeleteAsync($"{Route}/{answer}?reason={Uri.EscapeDataString("答复内容有误，更正后重发")}");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _officer.DeleteAsync($"{Route}/{answer}?reason=again")).StatusCode);
        Assert.Equal([statement, notice], (await anyone.GetFromJsonAsync<JsonElement[]>(Public))!.Select(a => a.GetProperty("id").GetString()));

        // The bureau's own list keeps it, marked withdrawn; the audit log has every step.
        var all = await _officer.GetFromJsonAsync<JsonElement[]>(Route);
        Assert.Equal(3, all!.Length);
        Assert.NotEqual(JsonValueKind.Null, all.Single(a => a.GetProperty("id").GetString() == answer).GetProperty("withdrawnAt").ValueKind);
        var log = await _officer.GetFromJsonAsync<JsonElement>($"/api/staff/counties/{_county.Id}/audit?action={AuditActions.WithdrawAnnouncement}");
        Assert.Single(log.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task BadAnnouncementsAndOtherRolesAreRefusedAndNothingIsPublished()
    {
        var refused = await _officer.PostAsJsonAsync(Route, new { kind = "Rumour", title = "x", body = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var invalid = await _officer.PostAsJsonAsync(Route, new { kind = "Notice", title = "通", body = " " });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _) && errors.TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await _officer.PostAsJsonAsync(Route, new { kind = "Notice", title = "通知", body = new string('长', 5001) })).StatusCode);

        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync(Route, new { kind = "Notice", title = "审计发布", body = "不应发布" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(Route)).StatusCode);
        var head = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _county.Schools[0].Id);
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsJsonAsync(Route, new { kind = "Notice", title = "校长发布", body = "不应发布" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _officer.DeleteAsync($"{Route}/{new string('a', 32)}?reason=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _officer.DeleteAsync($"{Route}/%FF%FE?reason=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.NewPhone().GetAsync("/api/public/counties/nowhere/announcements")).StatusCode);

        Assert.Empty((await _app.NewPhone().GetFromJsonAsync<JsonElement[]>(Public))!);
    }
}
