using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Enrollment.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Tests;

/// <summary>
/// The app as the Functions host's isolated worker: its functions called the way the worker calls them, over the
/// real emulators, against the same app standalone. The end-to-end run under a real host is in FunctionsHostTests.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class WorkerModeTests(LocalEmulators emulators) : IAsyncLifetime
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private readonly EnrollmentApp _app = new(emulators);
    private WorkerApp _worker = null!;

    public Task InitializeAsync()
    {
        _worker = new WorkerApp(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task EachAudienceGetsFromItsFunctionWhatItGetsStandalone()
    {
        var county = await _app.CreateCountyAsync();
        var school = county.Schools[3];
        var parent = await _app.SignedInParentCookieAsync();
        var reviewer = await _app.SignedInStaffCookieAsync(StaffRole.SchoolReviewer, county.Id, school.Id);
        var officer = await _app.SignedInStaffCookieAsync(StaffRole.BureauOfficer, county.Id);
        var submit = JsonContent.Create(TestForms.Valid(county.Id, school.Id, TestIdentity.ResidentId(new DateOnly(2019, 10, 2))), options: TestForms.Json);
        await submit.LoadIntoBufferAsync();
        var submitted = await _app.CreateClient().SendAsync(EnrollmentApp.WithCookie(parent, new HttpRequestMessage(HttpMethod.Post, "/api/parent/applications") { Content = submit }));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var requests = new (string Function, Func<HttpRequestMessage> Request)[]
        {
            ("Parents", () => EnrollmentApp.WithCookie(parent, new HttpRequestMessage(HttpMethod.Get, $"/api/parent/applications/{id}"))),
            ("Parents", () => new HttpRequestMessage(HttpMethod.Get, "/api/parent/applications")),
            ("Schools", () => EnrollmentApp.WithCookie(reviewer, new HttpRequestMessage(HttpMethod.Get, $"/api/staff/schools/{school.Id}/applications"))),
            ("Bureau", () => EnrollmentApp.WithCookie(officer, new HttpRequestMessage(HttpMethod.Get, $"/api/staff/counties/{county.Id}/dashboard"))),
            ("Staff", () => EnrollmentApp.WithCookie(reviewer, new HttpRequestMessage(HttpMethod.Get, "/api/staff/me"))),
            ("Public", () => new HttpRequestMessage(HttpMethod.Get, $"/api/public/counties/{county.Id}")),
            ("Public", () => new HttpRequestMessage(HttpMethod.Get, $"/api/public/counties/{county.Id}?x=%FF%FE")),
            ("Health", () => new HttpRequestMessage(HttpMethod.Get, "/api/health/ready")),
            ("WebPages", () => new HttpRequestMessage(HttpMethod.Get, "/")),
            ("WebPages", () => new HttpRequestMessage(HttpMethod.Get, "/status")),
            ("WebPages", () => new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json")),
            ("WebPages", () => new HttpRequestMessage(HttpMethod.Get, "/no-such-page")),
        };

        foreach (var (function, request) in requests)
        {
            var standalone = await _app.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request());
            var worker = await _worker.InvokeAsync(function, request());

            var what = $"{function} {request().RequestUri}";
            Assert.Equal(standalone.StatusCode, worker.StatusCode);
            Assert.Equal(Headers(standalone), Headers(worker));
            Assert.Equal(EnrollmentApp.WithoutTraceId(await standalone.Content.ReadAsStringAsync()), EnrollmentApp.WithoutTraceId(await worker.Content.ReadAsStringAsync()));
            Assert.True(worker.StatusCode != HttpStatusCode.InternalServerError, what);
        }
    }

    [Fact]
    public async Task AParentsRequestThroughTheWorkerChangesWhatTheStandaloneAppSees()
    {
        var county = await _app.CreateCountyAsync();
        var parent = await _app.SignedInParentCookieAsync();
        var form = TestForms.Valid(county.Id, county.Schools[3].Id, TestIdentity.ResidentId(new DateOnly(2019, 10, 2)));

        var submitted = await _worker.InvokeAsync("Parents", EnrollmentApp.WithCookie(parent, new HttpRequestMessage(HttpMethod.Post, "/api/parent/applications") { Content = JsonContent.Create(form, options: TestForms.Json) }));

        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var status = await _app.CreateClient().SendAsync(EnrollmentApp.WithCookie(parent, new HttpRequestMessage(HttpMethod.Get, $"/api/parent/applications/{id}")));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task BehindTheHostAbsoluteUrlsUseTheAddressThePlatformForwarded()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://zs.example.gov.cn/api/parent/sign-in/wechat?returnUrl=/status");

        var response = await _worker.InvokeAsync("Parents", request, client: "203.0.113.7");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("redirect_uri=https%3A%2F%2Fzs.example.gov.cn%2Fapi%2Fparent%2Fsign-in%2Fwechat%2Fcallback&", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task EveryTimerFunctionRunsOnTimeAndLate()
    {
        await _app.CreateCountyAsync();

        foreach (var timer in TimerFunctions.All)
        {
            var onTime = await EnrollmentApp.InvokeTimerAsync(_worker.Services, _app.Logs, timer.Name, isPastDue: false);
            var late = await EnrollmentApp.InvokeTimerAsync(_worker.Services, _app.Logs, timer.Name, isPastDue: true);

            Assert.NotEmpty(onTime);
            Assert.NotEmpty(late);
        }

        Assert.Equal(TimerFunctions.All.Count, _app.Logs.Lines.Count(l => l.Contains(" is running late", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ALateStartReviewMovesSubmittedApplicationsIntoReviewOnce()
    {
        var closes = new DateTimeOffset(2026, 8, 9, 18, 0, 0, Cst);
        var county = await _app.CreateCountyAsync(new Window(closes.AddDays(-4), closes));
        var phone = await _app.NewParentAsync();
        var submitted = await phone.SubmitAsync(TestForms.Valid(county.Id, county.Schools[3].Id, TestIdentity.ResidentId(new DateOnly(2019, 10, 2))));
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.StartsWith("Moved 0 ", await EnrollmentApp.InvokeTimerAsync(_worker.Services, _app.Logs, "StartReview"));
        _app.Time.SetUtcNow(closes.AddHours(3));
        Assert.StartsWith("Moved 1 ", await EnrollmentApp.InvokeTimerAsync(_worker.Services, _app.Logs, "StartReview", isPastDue: true));
        Assert.StartsWith("Moved 0 ", await EnrollmentApp.InvokeTimerAsync(_worker.Services, _app.Logs, "StartReview"));

        var status = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
        Assert.Equal("审核中", status.GetProperty("statusText").GetString());
    }

    [Fact]
    public void TheWorkerBuildsAndValidatesEveryOptionAndServiceWithoutTheHost()
    {
        var services = _worker.Services;

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(services.GetRequiredService<HttpPipeline>());
        Assert.NotNull(ActivatorUtilities.CreateInstance<TimerFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<HttpFunctions>(services));
        // Standalone fires the timers itself; under the host it must not, or each would run twice.
        Assert.DoesNotContain(services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is StandaloneTimerScheduler);
    }

    [Theory]
    [InlineData("Security:SessionSigningKey")]
    [InlineData("Storage:CosmosDatabase")]
    public async Task AMissingSettingStopsTheWorkerAndIsNamed(string setting)
    {
        await using var worker = new WorkerApp(_app, new Dictionary<string, string?> { [setting] = "" });

        var failure = Assert.ThrowsAny<Exception>(() => worker.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(setting.Split(':')[^1], failure.Message);
    }

    [Fact]
    public async Task UnderTheHostTheWorkerReportsTelemetrySoTheHostDoesNotCountItAgain()
    {
        await using var worker = new WorkerApp(_app, new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/",
        });

        var capabilities = worker.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities;

        Assert.Equal("True", capabilities["WorkerOpenTelemetryEnabled"]);
        Assert.False(_worker.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities.ContainsKey("WorkerOpenTelemetryEnabled"));
    }

    private static string Headers(HttpResponseMessage response) =>
        string.Join("\n", response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Content-Length"))
            .Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(",", h.Value)}")
            .Order(StringComparer.Ordinal));
}
