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
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[0].Id);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(reviewer, id, "reject", new { reason = "BasisNotMet" })).StatusCode);
        return (parent, id);
    }

    /// <summary>A school reviewer's decision on the application, under the ETag they just opened it with.</summary>
    private async Task<HttpResponseMessage> DecideAsync(HttpClient reviewer, string applicationId, string decision, object? body = null)
    {
        var route = $"/api/staff/schools/{_county.Schools[0].Id}/applications/{applicationId}";
        var request = new HttpRequestMessage(HttpMethod.Post, $"{route}/{decision}") { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", (await reviewer.GetAsync(route)).Headers.ETag!.Tag);
        return await reviewer.SendAsync(request);
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
    public async Task AnUpheldAppealReopensTheRejectionAndTheSchoolCanApproveIt()
    {
        var (parent, applicationId) = await RejectedApplicationAsync();
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[0].Id);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        // Rejected stays rejected: the school cannot simply change its mind.
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync(reviewer, applicationId, "approve")).StatusCode);
        var filed = await parent.PostAsJsonAsync("/api/parent/appeals", new { kind = "Appeal", applicationId, text = "我家房产在本片区，不动产登记可查，请复核。" });
        var url = $"{Ledger}/{(await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()}";
        var complaint = await parent.PostAsJsonAsync("/api/parent/appeals", new { kind = "Complaint", countyId = _county.Id, text = "学校门口排队太久，希望改进。" });
        var complaintUrl = $"{Ledger}/{(await complaint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()}";

        // Only an answer to an appeal about an application can uphold it.
        Assert.Equal(HttpStatusCode.Forbidden, (await WorkAsync(officer, url, (await officer.GetAsync(url)).Headers.ETag!.Tag, new { state = "InProgress", upheld = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await WorkAsync(officer, complaintUrl, (await officer.GetAsync(complaintUrl)).Headers.ETag!.Tag,
            new { state = "Answered", answer = "已转学校改进。", upheld = true })).StatusCode);
        var answered = await WorkAsync(officer, url, (await officer.GetAsync(url)).Headers.ETag!.Tag, new { state = "Answered", answer = "经复核，房产信息属实，申诉成立，已退回学校重新审核。", upheld = true });

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var appeal = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(appeal.GetProperty("upheld").GetBoolean());
        var status = await parent.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{applicationId}");
        Assert.Equal("UnderReview", status.GetProperty("status").GetString());
        Assert.Contains(appeal.GetProperty("id").GetString()!, status.ToString());
        // Back in the school's queue, the school decides again.
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(reviewer, applicationId, "approve")).StatusCode);
        Assert.Equal("Eligible", (await parent.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{applicationId}")).GetProperty("status").GetString());
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
