using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Audit;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>代为报名 at an offline service point: staff submit for a family, the guardian follows it by SMS, the audit log says it was assisted.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AssistedRegistrationTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private Core.Counties.County _county = null!;

    private string SchoolId => _county.Schools[0].Id;

    private string Route => $"/api/staff/schools/{SchoolId}/assisted-applications";

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private object Submission(string mobile, bool consented = true) => new
    {
        form = TestForms.Valid(_county.Id, SchoolId, TestIdentity.ResidentId(new DateOnly(2020, 5, 1 + Random.Shared.Next(28))), mobile),
        guardianConsented = consented,
    };

    private static string NewMobile() => "137" + Random.Shared.Next(0, 100_000_000).ToString("D8");

    [Fact]
    public async Task StaffRegisterAFamilyAndTheGuardianFollowsItBySmsAndTheLogSaysItWasAssisted()
    {
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, SchoolId);
        var mobile = NewMobile();

        var response = await reviewer.PostAsJsonAsync(Route, Submission(mobile), TestForms.Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var staffId = (await reviewer.GetFromJsonAsync<JsonElement>("/api/staff/me")).GetProperty("id").GetString();
        var log = await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_county.Id, new AuditQuery(null, AuditActions.AssistedRegistration, id, null, null), 10, null, CancellationToken.None);
        var entry = Assert.Single(log!.Entries);
        Assert.True(entry.Assisted);
        Assert.Equal(staffId, entry.ActorId);

        var guardian = _app.NewPhone();
        Assert.Equal(HttpStatusCode.Accepted, (await guardian.PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile })).StatusCode);
        (await guardian.PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile, code = _app.LastCodeSentTo(mobile) })).EnsureSuccessStatusCode();
        var mine = await guardian.GetFromJsonAsync<JsonElement>("/api/parent/applications");
        Assert.Equal(id, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task WhenADepartmentCannotConfirmAFactStaffPhotographTheDocumentForTheFamilyAndSubmit()
    {
        // Storage checks upload links against real time: this test runs on today's date, in a county open today.
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        _county = await _app.CreateCountyAsync();
        _app.DepartmentAnswers("social-insurance", matched: false);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, SchoolId);
        var mobile = NewMobile();
        var form = TestForms.Valid(_county.Id, SchoolId, TestIdentity.ResidentId(new DateOnly(2020, 7, 9)), mobile) with
        {
            Residence = new Core.Applications.ResidenceForm(Core.Applications.EligibilityBasis.ResidencePermit, "城关镇新华街8号2单元"),
        };

        var needed = await reviewer.PostAsJsonAsync(Route, new { form, guardianConsented = true }, TestForms.Json);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, needed.StatusCode);
        Assert.Contains("社会保险缴费证明", (await needed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // The document is the guardian's: uploaded under their mobile number, refused under another.
        var uploads = $"/api/staff/schools/{SchoolId}/assisted-uploads";
        var slot = await (await reviewer.PostAsJsonAsync(uploads, new { mobile, kind = "social-insurance", contentType = "image/png", length = TestUploads.Png.Length })).Content.ReadFromJsonAsync<JsonElement>();
        var put = new HttpRequestMessage(HttpMethod.Put, slot.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(TestUploads.Png) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Content.Headers.ContentType = new("image/png");
        using (var storage = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.Created, (await storage.SendAsync(put)).StatusCode);
        }

        var uploadId = slot.GetProperty("uploadId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"{uploads}/{uploadId}/accept", new { mobile })).StatusCode);
        var wrongOwner = await reviewer.PostAsJsonAsync(Route, new { form = form with { Family = form.Family!.Select(m => m with { Mobile = NewMobile() }).ToList() }, guardianConsented = true,
            documents = new Dictionary<string, string> { ["SocialInsurance"] = uploadId } }, TestForms.Json);
        Assert.Equal(HttpStatusCode.BadRequest, wrongOwner.StatusCode);

        var submitted = await reviewer.PostAsJsonAsync(Route, new { form, guardianConsented = true, documents = new Dictionary<string, string> { ["SocialInsurance"] = uploadId } }, TestForms.Json);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var fact = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "SocialInsurance");
        Assert.Equal(uploadId, fact.GetProperty("uploadId").GetString());
        var outsider = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[1].Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await outsider.PostAsJsonAsync(uploads, new { mobile, kind = "social-insurance", contentType = "image/png", length = 10 })).StatusCode);
    }

    [Fact]
    public async Task WithoutTheGuardiansConsentNothingIsStored()
    {
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, SchoolId);

        var response = await reviewer.PostAsJsonAsync(Route, Submission(NewMobile(), consented: false), TestForms.Json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("urn:enrollment:problem:guardian-consent-required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var stored = _app.Services.GetRequiredService<Core.Applications.IApplicationStore>()
            .ListByStatusAsync(SchoolId, _county.EnrollmentYear, Core.Applications.ApplicationStatus.Submitted, CancellationToken.None);
        Assert.Empty(await stored.ToListAsync());
    }

    [Fact]
    public async Task TheSameRulesApplyAsForAParent()
    {
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, SchoolId);
        var submission = Submission(NewMobile());
        Assert.Equal(HttpStatusCode.Created, (await reviewer.PostAsJsonAsync(Route, submission, TestForms.Json)).StatusCode);

        var again = await reviewer.PostAsJsonAsync(Route, submission, TestForms.Json);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:enrollment:problem:already-applied", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OnlyStaffWhoReviewTheSchoolMayRegisterForIt()
    {
        var otherSchool = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[1].Id);
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await otherSchool.PostAsJsonAsync(Route, Submission(NewMobile()), TestForms.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.PostAsJsonAsync(Route, Submission(NewMobile()), TestForms.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await _app.NewParentAsync()).PostAsJsonAsync(Route, Submission(NewMobile()), TestForms.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await officer.PostAsJsonAsync(Route, Submission(NewMobile()), TestForms.Json)).StatusCode);
    }
}
