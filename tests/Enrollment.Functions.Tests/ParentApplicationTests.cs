using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Counties;
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

    private object Form(string? idNumber = null, string? schoolId = null) => new
    {
        countyId = _county.Id,
        schoolId = schoolId ?? _county.Schools[0].Id,
        childName = "王小雨",
        childIdNumber = idNumber ?? TestIdentity.ResidentId(new DateOnly(2020, 3, 15)),
        guardianName = "王建国",
        guardianMobile = "13912345678",
    };

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient phone, object form, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/parent/applications") { Content = JsonContent.Create(form) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await phone.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    [Fact]
    public async Task ASubmittedApplicationCanBeFollowedFromTheSamePhoneOnly()
    {
        var phone = _app.NewPhone();
        var response = await SubmitAsync(phone, Form(), "key-" + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("已提交", created.GetProperty("statusText").GetString());
        Assert.Equal("2020-03-15", created.GetProperty("childBirthDate").GetString());
        Assert.Contains("****", created.GetProperty("childIdNumberMasked").GetString());
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var status = await phone.GetAsync($"/api/parent/applications/{id}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("Submitted", (await JsonAsync(status)).GetProperty("status").GetString());
        var mine = await phone.GetFromJsonAsync<JsonElement>("/api/parent/applications");
        Assert.Equal(id, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());

        // Another phone, even one with its own application, cannot read it by knowing the number.
        var otherPhone = _app.NewPhone();
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(otherPhone, Form())).StatusCode);
        var stranger = await otherPhone.GetAsync($"/api/parent/applications/{id}");
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal("application/problem+json", stranger.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.NewPhone().GetAsync($"/api/parent/applications/{id}")).StatusCode);
    }

    [Fact]
    public async Task TheSameChildCannotApplyTwiceInAYear()
    {
        var idNumber = TestIdentity.ResidentId(new DateOnly(2019, 12, 1));
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_app.NewPhone(), Form(idNumber))).StatusCode);

        var second = await SubmitAsync(_app.NewPhone(), Form(idNumber, _county.Schools[1].Id));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await JsonAsync(second);
        Assert.Equal("urn:enrollment:problem:already-applied", problem.GetProperty("type").GetString());
        Assert.Equal("该孩子今年已经报过名", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ManyPhonesSubmittingOneChildAtOnceStoreExactlyOneApplication()
    {
        var form = Form();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SubmitAsync(_app.NewPhone(), form, $"phone-{i}-{Guid.NewGuid()}")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task ARetryWithTheSameIdempotencyKeyReturnsTheFirstAnswer()
    {
        var phone = _app.NewPhone();
        var form = Form();
        var key = "retry-" + Guid.NewGuid();
        var first = await SubmitAsync(phone, form, key);
        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SubmitAsync(_app.NewPhone(), form, key)));

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
        var form = new
        {
            countyId = county.Id,
            schoolId = county.Schools[0].Id,
            childName = "王小雨",
            childIdNumber = TestIdentity.ResidentId(new DateOnly(2020, 3, 15)),
            guardianName = "王建国",
            guardianMobile = "13912345678",
        };

        _app.Time.SetUtcNow(opens.AddSeconds(-1));
        var early = await SubmitAsync(_app.NewPhone(), form);
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        var problem = await JsonAsync(early);
        Assert.Equal("报名尚未开始", problem.GetProperty("title").GetString());
        Assert.Contains("2026年8月7日 08:00 至 2026年8月11日 18:00", problem.GetProperty("detail").GetString());

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 8, 11, 17, 59, 59, Cst));
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(_app.NewPhone(), form)).StatusCode);

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 8, 11, 18, 0, 0, Cst));
        var late = await SubmitAsync(_app.NewPhone(), form);
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Equal("报名已经结束", (await JsonAsync(late)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AChildTooYoungIsRefusedWithTheCutoff()
    {
        var response = await SubmitAsync(_app.NewPhone(), Form(TestIdentity.ResidentId(new DateOnly(2020, 9, 1))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("2020年8月31日", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BadInputIsExplainedFieldByFieldAndNothingIsStored()
    {
        var phone = _app.NewPhone();
        var response = await SubmitAsync(phone, new { countyId = _county.Id, schoolId = _county.Schools[0].Id, childName = "<script>alert(1)</script>", childIdNumber = "340524198001010013", guardianName = "王", guardianMobile = "10086" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["childIdNumber", "childName", "guardianMobile", "guardianName"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("身份证号码", errors.GetProperty("childIdNumber")[0].GetString());
        Assert.Empty((await phone.GetFromJsonAsync<JsonElement>("/api/parent/applications")).EnumerateArray());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"childName\": 12}")]
    public async Task UnreadableBodiesGetAProblemNotAServerError(string body)
    {
        var response = await _app.NewPhone().PostAsync("/api/parent/applications", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("请求格式有误", (await JsonAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AMalformedIdempotencyKeyIsRefused()
    {
        var response = await SubmitAsync(_app.NewPhone(), Form(), "../../etc/passwd");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:enrollment:problem:invalid-idempotency-key", (await JsonAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AForgedSessionCookieSeesNothing()
    {
        var phone = _app.NewPhone();
        var created = await JsonAsync(await SubmitAsync(phone, Form()));
        var id = created.GetProperty("id").GetString();

        var forger = _app.CreateClient();
        forger.DefaultRequestHeaders.Add("Cookie", "enrollment_session=eyJhcHBsaWNhdGlvbnMiOltdfQ.AAAA");
        Assert.Equal(HttpStatusCode.NotFound, (await forger.GetAsync($"/api/parent/applications/{id}")).StatusCode);
    }
}
