using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrollment.Azure.Cosmos;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class DraftTests(LocalEmulators emulators) : IAsyncLifetime
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync(
        new Window(new DateTimeOffset(2026, 8, 5, 8, 0, 0, Cst), new DateTimeOffset(2026, 8, 9, 18, 0, 0, Cst)));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ApplicationForm HalfFilled(string idNumber) =>
        new(_county.Id, [_county.Schools[0].Id], TestForms.Valid(_county.Id, _county.Schools[0].Id, idNumber).Child! with { Phone = null, Postcode = null }, null, null, null, null);

    private static Task<HttpResponseMessage> SaveAsync(HttpClient phone, string draftId, ApplicationForm form, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/parent/drafts/{draftId}") { Content = JsonContent.Create(form, options: TestForms.Json) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return phone.SendAsync(request);
    }

    [Fact]
    public async Task AHalfFilledFormIsResumedOnAnotherPhoneAndNeverOverwrittenBlindly()
    {
        var mobile = "136" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var idNumber = TestIdentity.ResidentId(new DateOnly(2020, 1, 9));
        var draftId = Guid.NewGuid().ToString();
        var first = await SaveAsync(await _app.NewParentAsync(mobile), draftId, HalfFilled(idNumber));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstETag = first.Headers.ETag!.Tag;

        var otherPhone = await _app.NewParentAsync(mobile);
        var drafts = await otherPhone.GetFromJsonAsync<JsonElement>("/api/parent/drafts");
        var resumed = Assert.Single(drafts.EnumerateArray());
        Assert.Equal(draftId, resumed.GetProperty("id").GetString());
        Assert.Equal(idNumber, resumed.GetProperty("form").GetProperty("child").GetProperty("documentNumber").GetString());

        var fromOtherPhone = await SaveAsync(otherPhone, draftId, HalfFilled(idNumber) with { SchoolIds = [_county.Schools[1].Id] }, firstETag);
        Assert.Equal(HttpStatusCode.OK, fromOtherPhone.StatusCode);

        var stale = await SaveAsync(await _app.NewParentAsync(mobile), draftId, HalfFilled(idNumber), firstETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var latest = await otherPhone.GetFromJsonAsync<JsonElement>($"/api/parent/drafts/{draftId}");
        Assert.Equal(_county.Schools[1].Id, latest.GetProperty("form").GetProperty("schoolIds")[0].GetString());
    }

    [Fact]
    public async Task AnotherGuardianCannotReadOrDeleteADraft()
    {
        var draftId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(await _app.NewParentAsync(), draftId, HalfFilled(TestIdentity.ResidentId(new DateOnly(2020, 1, 9))))).StatusCode);

        var stranger = await _app.NewParentAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/parent/drafts/{draftId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/parent/drafts/{draftId}")).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/parent/drafts")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/parent/drafts/..%2F..%2Fetc")).StatusCode);
    }

    [Fact]
    public async Task ADraftIsStoredWithoutTheIdNumberInTheClear()
    {
        var idNumber = TestIdentity.ResidentId(new DateOnly(2020, 1, 9));
        var draftId = Guid.NewGuid().ToString();
        await SaveAsync(await _app.NewParentAsync(), draftId, HalfFilled(idNumber));

        var containers = _app.Services.GetRequiredService<EnrollmentContainers>();
        using var feed = containers.DraftsContainer.GetItemQueryStreamIterator(
            new QueryDefinition("SELECT * FROM c WHERE c.id = @id").WithParameter("@id", draftId));
        var raw = new StringBuilder();
        while (feed.HasMoreResults)
        {
            using var page = await feed.ReadNextAsync();
            raw.Append(await new StreamReader(page.Content).ReadToEndAsync());
        }

        Assert.Contains(draftId, raw.ToString());
        Assert.DoesNotContain(idNumber, raw.ToString());
        Assert.DoesNotContain("王小雨", raw.ToString());
    }

    [Fact]
    public async Task WhenTheWindowClosesDraftsCannotBeSavedAndTheTimerClosesThemOnce()
    {
        var phone = await _app.NewParentAsync();
        var draftId = Guid.NewGuid().ToString();
        await SaveAsync(phone, draftId, HalfFilled(TestIdentity.ResidentId(new DateOnly(2020, 1, 9))));

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 8, 9, 18, 0, 0, Cst));
        var late = await SaveAsync(phone, draftId, HalfFilled(TestIdentity.ResidentId(new DateOnly(2020, 1, 9))));
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);

        Assert.Contains("Closed 1 ", await _app.InvokeTimerAsync("CloseDrafts"));
        Assert.Equal("Closed", (await phone.GetFromJsonAsync<JsonElement>($"/api/parent/drafts/{draftId}")).GetProperty("state").GetString());
        Assert.Contains("Closed 0 ", await _app.InvokeTimerAsync("CloseDrafts"));
    }

    [Fact]
    public async Task AGuardianWithAnUnsubmittedFormIsRemindedOnceTheDayBeforeRegistrationCloses()
    {
        var phone = await _app.NewParentAsync();
        var mobile = "136" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var draftId = Guid.NewGuid().ToString();
        var form = TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 1, 10)), mobile);
        var saved = await SaveAsync(phone, draftId, form);
        saved.EnsureSuccessStatusCode();
        var etag = saved.Headers.ETag!.Tag;
        int TextsTo() => _app.Departments.LogEntries.Count(e => e.RequestMessage.Path == "/sms/send" && e.RequestMessage.Body!.Contains(mobile));

        Assert.Contains("Reminded 0 ", await _app.InvokeTimerAsync("RemindDrafts"));
        Assert.Equal(0, TextsTo());

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 8, 8, 20, 0, 0, Cst));
        Assert.Contains("Reminded 1 ", await _app.InvokeTimerAsync("RemindDrafts"));
        var text = JsonDocument.Parse(_app.Departments.LogEntries.Last(e => e.RequestMessage.Path == "/sms/send").RequestMessage.Body!).RootElement;
        Assert.Equal(mobile, text.GetProperty("mobile").GetString());
        Assert.Equal("8月9日 18:00", text.GetProperty("parameters").GetProperty("closes").GetString());

        // The reminder left the draft as it was (the phone's ETag still holds), and running again sends nothing more.
        (await SaveAsync(phone, draftId, form, etag)).EnsureSuccessStatusCode();
        Assert.Single((await phone.GetFromJsonAsync<JsonElement[]>("/api/parent/drafts"))!);
        Assert.Contains("Reminded 0 ", await _app.InvokeTimerAsync("RemindDrafts"));
        Assert.Equal(1, TextsTo());
    }

    [Fact]
    public async Task ADraftCannotCarryFieldsBeyondTheForm()
    {
        var response = await (await _app.NewParentAsync()).PutAsync($"/api/parent/drafts/{Guid.NewGuid()}",
            new StringContent($$"""{"countyId":"{{_county.Id}}","familyIncome":80000}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
