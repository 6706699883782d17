using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Counties;
using Enrollment.Core.Applications;
using Enrollment.Core.Rules;

namespace Enrollment.Functions.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class ParentApplicationTests(LocalEmulators emulators) : IAsyncLifetime
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ApplicationForm Form(string? idNumber = null, string? schoolId = null) =>
        TestForms.Valid(_county.Id, schoolId ?? _county.Schools[0].Id, idNumber ?? TestIdentity.ResidentId(new DateOnly(2020, 3, 15)));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    [Fact]
    public async Task ASubmittedApplicationCanBeFollowedFromTheSamePhoneOnly()
    {
        var phone = await _app.NewParentAsync();
        var response = await phone.SubmitAsync(Form(), "key-" + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("已提交", created.GetProperty("statusText").GetString());
        Assert.Equal("学校审核", created.GetProperty("nextStep").GetString());
        Assert.Single(created.GetProperty("timeline").EnumerateArray());
        Assert.Equal("2020-03-15", created.GetProperty("childBirthDate").GetString());
        Assert.Contains("****", created.GetProperty("childDocumentNumberMasked").GetString());
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var status = await phone.GetAsync($"/api/parent/applications/{id}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("Submitted", (await JsonAsync(status)).GetProperty("status").GetString());
        var mine = await phone.GetFromJsonAsync<JsonElement>("/api/parent/applications");
        Assert.Equal(id, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());

        // Another phone, even one with its own application, cannot read it by knowing the number.
        var otherPhone = await _app.NewParentAsync();
        Assert.Equal(HttpStatusCode.Created, (await otherPhone.SubmitAsync(Form())).StatusCode);
        var stranger = await otherPhone.GetAsync($"/api/parent/applications/{id}");
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal("application/problem+json", stranger.Content.Headers.ContentType?.MediaType);
        var signedOut = _app.NewPhone();
        var anonymous = await signedOut.GetAsync($"/api/parent/applications/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("请先登录", (await JsonAsync(anonymous)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AFamilysAndASchoolsDataIsNeverKeptByABrowserWhilePublicInformationMayBe()
    {
        var phone = await _app.NewParentAsync();
        var id = await phone.SubmitNewAsync(Form());
        foreach (var route in new[] { "/api/parent/applications", $"/api/parent/applications/{id}" })
        {
            Assert.True((await phone.GetAsync(route)).Headers.CacheControl?.NoStore, route);
        }

        var reviewer = await _app.NewStaffAsync(Core.Staff.StaffRole.SchoolReviewer, _county.Id, _county.Schools[0].Id);
        Assert.True((await reviewer.GetAsync($"/api/staff/schools/{_county.Schools[0].Id}/applications/{id}")).Headers.CacheControl?.NoStore);
        Assert.NotEqual(true, (await _app.NewPhone().GetAsync($"/api/public/counties/{_county.Id}")).Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task TheSameChildCannotApplyTwiceInAYear()
    {
        var idNumber = TestIdentity.ResidentId(new DateOnly(2019, 12, 1));
        Assert.Equal(HttpStatusCode.Created, (await (await _app.NewParentAsync()).SubmitAsync(Form(idNumber))).StatusCode);

        var second = await (await _app.NewParentAsync()).SubmitAsync(Form(idNumber, _county.Schools[1].Id));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await JsonAsync(second);
        Assert.Equal("urn:enrollment:problem:already-applied", problem.GetProperty("type").GetString());
        Assert.Equal("该孩子今年已经报过名", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ManyPhonesSubmittingOneChildAtOnceStoreExactlyOneApplication()
    {
        var form = Form();
        var phones = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _app.NewParentAsync()));
        var responses = await Task.WhenAll(phones.Select((phone, i) => phone.SubmitAsync(form, $"phone-{i}-{Guid.NewGuid()}")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task ARetryWithTheSameIdempotencyKeyReturnsTheFirstAnswer()
    {
        var phone = await _app.NewParentAsync();
        var form = Form();
        var key = "retry-" + Guid.NewGuid();
        var first = await phone.SubmitAsync(form, key);
        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => phone.SubmitAsync(form, key)));

        var id = (await JsonAsync(first)).GetProperty("id").GetString();
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal(id, (await JsonAsync(retry)).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task OutsideTheRegistrationWindowTheParentIsShownTheWindow()
    {
        var opens = new DateTimeOffset(2026, 8, 7, 8, 0, 0, Cst);
        var county = await _app.CreateCountyAsync(new Window(opens, new DateTimeOffset(2026, 8, 11, 18, 0, 0, Cst)));
        var form = TestForms.Valid(county.Id, county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 3, 15)));

        _app.Time.SetUtcNow(opens.AddSeconds(-1));
        var early = await (await _app.NewParentAsync()).SubmitAsync(form);
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        var problem = await JsonAsync(early);
        Assert.Equal("报名尚未开始", problem.GetProperty("title").GetString());
        Assert.Contains("2026年8月7日 08:00 至 2026年8月11日 18:00", problem.GetProperty("detail").GetString());

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 8, 11, 17, 59, 59, Cst));
        Assert.Equal(HttpStatusCode.Created, (await (await _app.NewParentAsync()).SubmitAsync(form)).StatusCode);

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 8, 11, 18, 0, 0, Cst));
        var late = await (await _app.NewParentAsync()).SubmitAsync(form);
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Equal("报名已经结束", (await JsonAsync(late)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AChildTooYoungIsRefusedWithTheCutoff()
    {
        var response = await (await _app.NewParentAsync()).SubmitAsync(Form(TestIdentity.ResidentId(new DateOnly(2020, 9, 1))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("2020年8月31日", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BadInputIsExplainedFieldByFieldAndNothingIsStored()
    {
        var phone = await _app.NewParentAsync();
        var form = Form("340524198001010013").WithChild(c => c with { Name = "<script>alert(1)</script>" }) with
        {
            Family = [Form().Family![0] with { Name = "王", Mobile = "10086" }],
        };
        var response = await phone.SubmitAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["child.documentNumber", "child.name", "family[0].mobile", "family[0].name"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("身份证号码", errors.GetProperty("child.documentNumber")[0].GetString());
        Assert.Empty((await phone.GetFromJsonAsync<JsonElement>("/api/parent/applications")).EnumerateArray());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"child\": {\"name\": 12}}")]
    [InlineData("{\"countyId\": \"x\", \"income\": 50000}")]
    [InlineData("{\"child\": {\"documentType\": \"DriverLicence\"}}")]
    public async Task UnreadableBodiesGetAProblemNotAServerError(string body)
    {
        var response = await (await _app.NewParentAsync()).PostAsync("/api/parent/applications", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("请求格式有误", (await JsonAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AMalformedIdempotencyKeyIsRefused()
    {
        var response = await (await _app.NewParentAsync()).SubmitAsync(Form(), "../../etc/passwd");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:enrollment:problem:invalid-idempotency-key", (await JsonAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AForgedSessionCookieSeesNothing()
    {
        var phone = await _app.NewParentAsync();
        var created = await JsonAsync(await phone.SubmitAsync(Form()));
        var id = created.GetProperty("id").GetString();

        var forger = _app.CreateClient();
        forger.DefaultRequestHeaders.Add("Cookie", "enrollment_session=eyJhcHBsaWNhdGlvbnMiOltdfQ.AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync($"/api/parent/applications/{id}")).StatusCode);
    }

    [Fact]
    public async Task TheSameGuardianSignedInOnAnotherPhoneSeesTheApplication()
    {
        var mobile = "137" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var id = (await JsonAsync(await (await _app.NewParentAsync(mobile)).SubmitAsync(Form()))).GetProperty("id").GetString();

        var secondPhone = await _app.NewParentAsync(mobile);

        Assert.Equal(HttpStatusCode.OK, (await secondPhone.GetAsync($"/api/parent/applications/{id}")).StatusCode);
        var mine = await secondPhone.GetFromJsonAsync<JsonElement>("/api/parent/applications");
        Assert.Equal(id, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task NothingIsStoredBeforeTheGuardianConsents()
    {
        var phone = _app.NewPhone();
        await phone.PostAsJsonAsync("/api/parent/sign-in/development", new { mobile = "13500001234" });
        var me = await phone.GetFromJsonAsync<JsonElement>("/api/parent/me");
        Assert.True(me.GetProperty("consentRequired").GetBoolean());
        Assert.Equal("135****1234", me.GetProperty("mobileMasked").GetString());

        var refused = await phone.SubmitAsync(Form());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("urn:enrollment:problem:consent-required", (await JsonAsync(refused)).GetProperty("type").GetString());

        var stale = await phone.PostAsJsonAsync("/api/parent/consent", new { version = "2019-01-v0" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var consent = await (await phone.GetAsync("/api/public/consent")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEmpty(consent.GetProperty("sections").EnumerateArray());
        var given = await phone.PostAsJsonAsync("/api/parent/consent", new { version = consent.GetProperty("version").GetString() });
        Assert.False((await JsonAsync(given)).GetProperty("consentRequired").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, (await phone.SubmitAsync(Form())).StatusCode);
    }

    [Fact]
    public async Task AWithdrawnApplicationFreesTheChildToApplyAgain()
    {
        var phone = await _app.NewParentAsync();
        var idNumber = TestIdentity.ResidentId(new DateOnly(2019, 12, 24));
        var id = (await JsonAsync(await phone.SubmitAsync(Form(idNumber)))).GetProperty("id").GetString();

        var stranger = await _app.NewParentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/parent/applications/{id}/withdraw", null)).StatusCode);

        var withdrawn = await phone.PostAsync($"/api/parent/applications/{id}/withdraw", null);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var view = await JsonAsync(withdrawn);
        Assert.Equal("已撤回", view.GetProperty("statusText").GetString());
        Assert.Equal(["Submitted", "Withdrawn"], view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsync($"/api/parent/applications/{id}/withdraw", null)).StatusCode);

        var again = await phone.SubmitAsync(Form(idNumber, _county.Schools[2].Id));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(id, (await JsonAsync(again)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task AfterTheDeadlineAnApplicationCannotBeWithdrawnOnline()
    {
        var phone = await _app.NewParentAsync();
        var id = (await JsonAsync(await phone.SubmitAsync(Form()))).GetProperty("id").GetString();
        _app.Time.Advance(TimeSpan.FromDays(4));

        var refused = await phone.PostAsync($"/api/parent/applications/{id}/withdraw", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("截止", (await JsonAsync(refused)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SigningOutEndsTheSessionOnThisPhone()
    {
        var phone = await _app.NewParentAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await phone.PostAsync("/api/parent/sign-out", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/parent/me")).StatusCode);
    }
}
