using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;

namespace Enrollment.Functions.Tests;

/// <summary>零证明: facts asked of the (faked) departments first; a document only for what they could not confirm.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DataSharingCheckTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync()
    {
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        _county = await _app.CreateCountyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A migrant family: the child's household, the guardian's residence permit and social insurance.</summary>
    private ApplicationForm MigrantFamily() =>
        TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 2, 2))) with
        {
            Residence = new ResidenceForm(EligibilityBasis.ResidencePermit, "城关镇新华街8号2单元"),
        };

    private static Task<HttpResponseMessage> SaveDraftAsync(HttpClient phone, string draftId, ApplicationForm form) =>
        phone.PutAsJsonAsync($"/api/parent/drafts/{draftId}", form, TestForms.Json);

    [Fact]
    public async Task TwoFactsConfirmedOneDocumentAskedThenSubmitted()
    {
        _app.DepartmentAnswers("social-insurance", matched: false);
        var phone = await _app.NewParentAsync();
        var form = MigrantFamily();
        var draftId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await SaveDraftAsync(phone, draftId, form)).StatusCode);

        var checkedResponse = await phone.PostAsync($"/api/parent/drafts/{draftId}/checks", null);
        var facts = await checkedResponse.Content.ReadFromJsonAsync<JsonElement>();

        // Checking changed the draft: the answer carries its new version, so the page's next save is not refused.
        var afterCheck = new HttpRequestMessage(HttpMethod.Put, $"/api/parent/drafts/{draftId}") { Content = JsonContent.Create(form, options: TestForms.Json) };
        afterCheck.Headers.TryAddWithoutValidation("If-Match", checkedResponse.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await phone.SendAsync(afterCheck)).StatusCode);
        Assert.Equal(["HouseholdRegistration:Matched", "ResidencePermit:Matched", "SocialInsurance:NotMatched"],
            facts.EnumerateArray().Select(f => $"{f.GetProperty("kind").GetString()}:{f.GetProperty("status").GetString()}").Order());
        var needed = Assert.Single(facts.EnumerateArray(), f => f.GetProperty("needsDocument").GetBoolean());
        Assert.Equal("social-insurance", needed.GetProperty("documentKind").GetString());

        var early = await phone.PostAsJsonAsync($"/api/parent/applications?draftId={draftId}", form, TestForms.Json);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("社会保险缴费证明", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var uploadId = await TestUploads.UploadAsync(phone, "social-insurance");
        var attached = await phone.PutAsJsonAsync($"/api/parent/drafts/{draftId}/documents/SocialInsurance", new { uploadId });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);

        var submitted = await phone.PostAsJsonAsync($"/api/parent/applications?draftId={draftId}", form, TestForms.Json);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var application = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Submitted", application.GetProperty("status").GetString());
        Assert.Equal(uploadId, application.GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "SocialInsurance").GetProperty("uploadId").GetString());

        // The departments were asked once per fact: the submit reused the draft's answers.
        Assert.Equal(3, _app.Departments.LogEntries.Count(e => e.RequestMessage.Path.EndsWith("/verify") && !e.RequestMessage.Path.StartsWith("/identity/")));
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync($"/api/parent/drafts/{draftId}")).StatusCode);
    }

    [Theory]
    [InlineData(EligibilityBasis.ResidencePermit, null, Employment.IndividualBusiness, "business-licence", "BusinessLicence")]
    [InlineData(EligibilityBasis.ResidencePermit, null, Employment.Enterprise, "enterprise-registration", "EnterpriseRegistration")]
    [InlineData(EligibilityBasis.OwnedProperty, PropertyProof.SaleContract, null, "sale-contract", "SaleContract")]
    public async Task WhatShowsTheHomeOrTheWorkHereDecidesWhichDepartmentIsAsked(EligibilityBasis basis, PropertyProof? proof, Employment? employment, string source, string kind)
    {
        var phone = await _app.NewParentAsync();
        var form = TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 2, 3))) with
        {
            Residence = new ResidenceForm(basis, "城关镇新华街8号2单元", proof, employment),
        };

        var application = await (await phone.SubmitAsync(form)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains(_app.Departments.LogEntries, e => e.RequestMessage.Path == $"/{source}/verify");
        Assert.Contains(application.GetProperty("facts").EnumerateArray(), f => f.GetProperty("kind").GetString() == kind && f.GetProperty("status").GetString() == "Matched");
        Assert.DoesNotContain(_app.Departments.LogEntries, e => e.RequestMessage.Path is "/social-insurance/verify" or "/property/verify");
    }

    [Fact]
    public async Task AProofOrAnEmploymentThatDoesNotGoWithTheBasisIsRefused()
    {
        var form = TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 2, 4))) with
        {
            Residence = new ResidenceForm(EligibilityBasis.HouseholdRegistration, "城关镇新华街8号2单元", PropertyProof.SaleContract, Employment.Enterprise),
        };

        var refused = await (await _app.NewParentAsync()).SubmitAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("residence.proof", out _));
        Assert.True(errors.TryGetProperty("residence.employment", out _));
    }

    [Fact]
    public async Task AnUploadOfTheWrongKindOrSomeoneElsesDoesNotCount()
    {
        _app.DepartmentAnswers("social-insurance", matched: false);
        var phone = await _app.NewParentAsync();
        var draftId = Guid.NewGuid().ToString();
        await SaveDraftAsync(phone, draftId, MigrantFamily());
        await phone.PostAsync($"/api/parent/drafts/{draftId}/checks", null);

        var wrongKind = await TestUploads.UploadAsync(phone, "household-register");
        var othersUpload = await TestUploads.UploadAsync(await _app.NewParentAsync(), "social-insurance");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await phone.PutAsJsonAsync($"/api/parent/drafts/{draftId}/documents/SocialInsurance", new { uploadId = wrongKind })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await phone.PutAsJsonAsync($"/api/parent/drafts/{draftId}/documents/SocialInsurance", new { uploadId = othersUpload })).StatusCode);
    }

    [Fact]
    public async Task ADepartmentThatDoesNotAnswerNeverBlocksTheSubmission()
    {
        _app.DepartmentAnswers("household", matched: null);

        var submitted = await (await _app.NewParentAsync()).SubmitAsync(MigrantFamily());

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var application = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("核验中", application.GetProperty("statusText").GetString());
        Assert.Equal("Pending", application.GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "HouseholdRegistration").GetProperty("status").GetString());
    }

    [Fact]
    public async Task WhenTheDepartmentAnswersAgainTheTimerFinishesTheCheckOnce()
    {
        _app.DepartmentAnswers("household", matched: null);
        var phone = await _app.NewParentAsync();
        var id = (await (await phone.SubmitAsync(MigrantFamily())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.Contains("Settled 0 ", await _app.InvokeTimerAsync("RetryChecks"));
        _app.DepartmentAnswers("household", matched: true);
        Assert.Contains("Settled 1 ", await _app.InvokeTimerAsync("RetryChecks"));
        Assert.Contains("Settled 0 ", await _app.InvokeTimerAsync("RetryChecks"));

        var application = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
        Assert.Equal("已提交", application.GetProperty("statusText").GetString());
        Assert.All(application.GetProperty("facts").EnumerateArray(), f => Assert.Equal("Matched", f.GetProperty("status").GetString()));
        Assert.Equal(["Checking", "Submitted"], application.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AChildsNameThatDoesNotGoWithTheIdNumberIsCaughtBeforeAnythingIsStored()
    {
        var form = MigrantFamily();
        var childNumber = form.Child!.DocumentNumber!;
        _app.Departments.Given(WireMock.RequestBuilders.Request.Create().WithPath("/identity/verify").UsingPost().WithBody(b => b!.Contains(childNumber)))
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"matched\":false}"));

        var response = await (await _app.NewParentAsync()).SubmitAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("姓名与身份证号码不一致", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("child.documentNumber")[0].GetString());
    }
}
