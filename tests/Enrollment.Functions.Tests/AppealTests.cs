using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Audit;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>申诉: a guardian appeals a decision, the bureau works it in its ledger and answers, the guardian reads the answer.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AppealTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private Core.Counties.County _county = null!;

    private string Ledger => $"/api/staff/counties/{_county.Id}/appeals";

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private async Task<(HttpClient Parent, string ApplicationId)> RejectedApplicationAsync()
    {
        var parent = await _app.NewParentAsync();
        var submitted = await parent.SubmitAsync(TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 4, 1 + Random.Shared.Next(28)))));
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _app.Services.GetRequiredService<Core.Applications.IApplicationStore>().UpdateAsync(id, _county.Schools[0].Id,
            a => a.MoveTo(Core.Applications.ApplicationStatus.Rejected, _app.Time.GetUtcNow(), Core.Applications.Actor.School, "不符合入学条件"), CancellationToken.None);
        return (parent, id);
    }

    private static async Task<HttpResponseMessage> WorkAsync(HttpClient officer, string url, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url + "/work") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await officer.SendAsync(request);
    }

    [Fact]
    public async Task AGuardianAppealsTheBureauAnswersAndTheGuardianReadsTheAnswer()
    {
        var (parent, applicationId) = await RejectedApplicationAsync();
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        var filed = await parent.PostAsJsonAsync("/api/parent/appeals", new { kind = "Appeal", applicationId, text = "我家户籍在本片区，户口簿已上传，请复核审核结果。" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var appeal = await filed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Received", appeal.GetProperty("state").GetString());
        Assert.Equal(_app.Time.GetUtcNow().AddDays(15), appeal.GetProperty("deadline").GetDateTimeOffset());

        var ledger = await officer.GetFromJsonAsync<JsonElement[]>(Ledger + "?state=Received");
        var url = $"{Ledger}/{Assert.Single(ledger!).GetProperty("id").GetString()}";
        var opened = await officer.GetAsync(url);
        var taken = await WorkAsync(officer, url, opened.Headers.ETag!.Tag, new { state = "InProgress" });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);

        // The first ETag is stale now: nothing is overwritten.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await WorkAsync(officer, url, opened.Headers.ETag!.Tag, new { state = "Answered", answer = "维持原结果" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await WorkAsync(officer, url, (await officer.GetAsync(url)).Headers.ETag!.Tag, new { state = "Answered" })).StatusCode);
        var answered = await WorkAsync(officer, url, (await officer.GetAsync(url)).Headers.ETag!.Tag, new { state = "Answered", answer = "经复核，户籍信息属实，已通知学校重新审核。" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        var mine = Assert.Single((await parent.GetFromJsonAsync<JsonElement[]>("/api/parent/appeals"))!);
        Assert.Equal("Answered", mine.GetProperty("state").GetString());
        Assert.Equal("经复核，户籍信息属实，已通知学校重新审核。", mine.GetProperty("answer").GetString());
        var log = await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_county.Id, new AuditQuery(null, AuditActions.WorkAppeal, null, null, null), 10, null, CancellationToken.None);
        Assert.Equal(2, log!.Entries.Count);
    }

    [Fact]
    public async Task AGuardianCannotAppealAnotherFamilysApplicationOrSeeTheirAppeals()
    {
        var (parent, applicationId) = await RejectedApplicationAsync();
        (await parent.PostAsJsonAsync("/api/parent/appeals", new { kind = "Appeal", applicationId, text = "请复核我家孩子的审核结果，谢谢。" })).EnsureSuccessStatusCode();
        var stranger = await _app.NewParentAsync();

        var refused = await stranger.PostAsJsonAsync("/api/parent/appeals", new { kind = "Appeal", applicationId, text = "请复核这份报名的审核结果，谢谢。" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement[]>("/api/parent/appeals"))!);
    }

    [Theory]
    [InlineData("""{"kind":"Complaint","text":"学校收取择校费，请调查处理。"}""")]
    [InlineData("""{"kind":"Complaint","countyId":"x","text":"太短"}""")]
    [InlineData("""{"kind":"Complaint","countyId":"x","text":"<script>alert(1)</script>学校违规收费请调查"}""")]
    [InlineData("""{"kind":"Rumour","countyId":"x","text":"学校收取择校费，请调查处理。"}""")]
    public async Task ABadComplaintIsRefusedWithAReason(string body)
    {
        var parent = await _app.NewParentAsync();

        var response = await parent.PostAsync("/api/parent/appeals", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OnlyTheCountysOfficersWorkTheLedgerItsAuditorsReadIt()
    {
        var (parent, applicationId) = await RejectedApplicationAsync();
        (await parent.PostAsJsonAsync("/api/parent/appeals", new { kind = "Appeal", applicationId, text = "请复核我家孩子的审核结果，谢谢。" })).EnsureSuccessStatusCode();
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        var url = $"{Ledger}/{Assert.Single((await auditor.GetFromJsonAsync<JsonElement[]>(Ledger))!).GetProperty("id").GetString()}";
        var etag = (await auditor.GetAsync(url)).Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.Forbidden, (await WorkAsync(auditor, url, etag, new { state = "InProgress" })).StatusCode);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[0].Id);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(Ledger)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(url)).StatusCode);
        var otherOfficer = await _app.NewStaffAsync(StaffRole.BureauOfficer, (await _app.CreateCountyAsync()).Id);
        Assert.Equal(HttpStatusCode.NotFound, (await WorkAsync(otherOfficer, url, etag, new { state = "InProgress" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await parent.GetAsync(Ledger)).StatusCode);
    }
}
