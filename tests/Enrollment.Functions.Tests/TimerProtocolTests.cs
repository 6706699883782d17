using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrollment.Core.Rules;
using Enrollment.Tests.Shared;

namespace Enrollment.Functions.Tests;

/// <summary>The Functions host's custom-handler protocol for timers: POST /{name} with {Data, Metadata}.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class TimerProtocolTests(LocalEmulators emulators) : IAsyncLifetime
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private readonly EnrollmentApp _app = new(emulators, hostedByFunctionsHost: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private const string Invocation = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-08-09T10:00:00+00:00","Next":"2026-08-09T10:05:00+00:00","LastUpdated":"2026-08-09T10:00:00+00:00"},"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"StartReview","UtcNow":"2026-08-09T10:00:05Z","RandGuid":"0f9b3a4e-5d0c-4c39-9d55-2c1e2b7f1a11"}}}
        """;

    private HttpRequestMessage HostInvocation(string name = "StartReview")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + name) { Content = new StringContent(Invocation, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.0");
        return request;
    }

    [Fact]
    public async Task AfterTheWindowClosesTheTimerMovesSubmittedApplicationsIntoReviewOnce()
    {
        var closes = new DateTimeOffset(2026, 8, 9, 18, 0, 0, Cst);
        var county = await _app.CreateCountyAsync(new Window(closes.AddDays(-4), closes));
        var phone = await _app.NewParentAsync();
        var submitted = await phone.PostAsJsonAsync("/api/parent/applications",
            TestForms.Valid(county.Id, county.Schools[3].Id, TestIdentity.ResidentId(new DateOnly(2019, 10, 2))), ParentApplicationTests.Json);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var whileOpen = await _app.CreateClient().SendAsync(HostInvocation());
        Assert.Equal("Submitted", (await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}")).GetProperty("status").GetString());

        _app.Time.SetUtcNow(closes);
        var response = await _app.CreateClient().SendAsync(HostInvocation());

        Assert.Equal(HttpStatusCode.OK, whileOpen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, reply.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("ReturnValue").ValueKind);
        Assert.Contains("Moved 1 ", reply.GetProperty("Logs")[0].GetString());
        var status = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
        Assert.Equal("审核中", status.GetProperty("statusText").GetString());

        var again = await (await _app.CreateClient().SendAsync(HostInvocation())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Moved 0 ", again.GetProperty("Logs")[0].GetString());
    }

    [Fact]
    public async Task ATimerPathIsShutToAnythingButTheHost()
    {
        await _app.CreateCountyAsync();
        var client = _app.CreateClient();

        var noInvocationId = new HttpRequestMessage(HttpMethod.Post, "/StartReview") { Content = new StringContent(Invocation, Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(noInvocationId)).StatusCode);

        // What a request from the internet looks like after the platform's front end and the host's proxy.
        var proxied = HostInvocation();
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(proxied)).StatusCode);
    }

    [Fact]
    public async Task StandaloneTheTimerPathsAreShut()
    {
        await using var standalone = new EnrollmentApp(emulators);

        var response = await standalone.CreateClient().SendAsync(HostInvocation());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
