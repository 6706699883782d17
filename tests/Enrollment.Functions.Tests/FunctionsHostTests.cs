using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrollment.Core.Staff;
using Enrollment.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// The built app under a real Azure Functions host (built from its public source, beside the repository in
/// ../shared/functions-host): functions indexed, HTTP through the host's proxy, a timer fired by the host.
/// Where that folder is absent (it is in CI) the test reports itself skipped, saying it did not run.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class FunctionsHostTests(LocalEmulators emulators) : IAsyncLifetime
{
    private static readonly string HostFolder = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "functions-host"));
    private readonly EnrollmentApp _app = new(emulators);
    private readonly StringBuilder _log = new();
    private Process? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }

        _host?.Dispose();
        await _app.DisposeAsync();
    }

    [SkippableFact]
    public async Task UnderARealHostEveryFunctionIsIndexedEachAudienceIsServedAndATimerFires()
    {
        Skip.IfNot(File.Exists(Path.Combine(HostFolder, "run.sh")), $"Did not run: no Functions host at {HostFolder} (CI has one).");
        // The worker under the host keeps real time; the standalone app it is compared with must too.
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var county = await _app.CreateCountyAsync();
        var parent = await _app.SignedInParentCookieAsync();
        var reviewer = await _app.SignedInStaffCookieAsync(StaffRole.SchoolReviewer, county.Id, county.Schools[3].Id);
        var host = await StartHostAsync();

        // Indexed: the host lists every function the app defines.
        var functions = typeof(HttpFunctions).GetMethods().Select(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Cast<Microsoft.Azure.Functions.Worker.FunctionAttribute>().SingleOrDefault()?.Name)
            .Concat(TimerFunctions.All.Select(t => t.Name)).OfType<string>().ToList();
        Assert.Equal(17, functions.Count);
        Assert.All(functions, name => Assert.Contains($"Functions.{name}", Log()));

        // Each audience gets through the host what it gets from the app standalone, from its own function.
        var requests = new (string Path, string Function, string? Cookie)[]
        {
            ($"/api/public/counties/{county.Id}", "Public", null),
            ("/api/health/live", "Health", null),
            ("/api/parent/applications", "Parents", parent),
            ("/api/staff/me", "Staff", reviewer),
            ($"/api/staff/schools/{county.Schools[3].Id}/applications", "Schools", reviewer),
            ("/", HttpFunctions.CatchAll, null),
            ("/no-such-page", HttpFunctions.CatchAll, null),
        };
        foreach (var (path, function, cookie) in requests)
        {
            var expected = await _app.CreateClient().SendAsync(EnrollmentApp.WithCookie(cookie, new HttpRequestMessage(HttpMethod.Get, path)));
            var before = Log().Length;
            var actual = await host.SendAsync(EnrollmentApp.WithCookie(cookie, new HttpRequestMessage(HttpMethod.Get, path)));

            Assert.Equal(expected.StatusCode, actual.StatusCode);
            Assert.Equal(expected.Content.Headers.ContentType?.MediaType, actual.Content.Headers.ContentType?.MediaType);
            Assert.Equal(EnrollmentApp.WithoutTraceId(await expected.Content.ReadAsStringAsync()), EnrollmentApp.WithoutTraceId(await actual.Content.ReadAsStringAsync()));
            Assert.Contains($"Executing 'Functions.{function}'", await LogAfterAsync(before, $"Executed 'Functions.{function}'"));
        }

        // Absolute URLs are built from the address the client used, which the host's proxy forwards.
        var wechat = await host.GetAsync("/api/parent/sign-in/wechat?returnUrl=/status");
        Assert.Equal(HttpStatusCode.Redirect, wechat.StatusCode);
        Assert.Contains(Uri.EscapeDataString($"{host.BaseAddress!.GetLeftPart(UriPartial.Authority)}/api/parent/sign-in/wechat/callback"), wechat.Headers.Location!.OriginalString);

        // The host fires a timer on the schedule its setting gives, and the app's service runs.
        await LogAfterAsync(0, "Timer SendNotifications finished", TimeSpan.FromSeconds(30));
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private async Task<string> LogAfterAsync(int start, string expected, TimeSpan? wait = null)
    {
        var until = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < until)
        {
            var log = Log()[start..];
            if (log.Contains(expected, StringComparison.Ordinal))
            {
                return log;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The host did not log \"{expected}\". Its log:\n{Log()[Math.Max(0, Log().Length - 4000)..]}");
        return "";
    }

    private async Task<HttpClient> StartHostAsync()
    {
        var build = Path.GetDirectoryName(typeof(HttpFunctions).Assembly.Location)!;
        var app = Path.Combine(RepositoryRoot.Path, "functions", "Enrollment.Functions", "bin", new DirectoryInfo(build).Parent!.Name, "net10.0");
        Assert.True(File.Exists(Path.Combine(app, "functions.metadata")), $"The app is not built at {app}");
        var port = LocalEmulators.FreePort();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(HostFolder, "run.sh"));
        start.ArgumentList.Add(app);
        start.ArgumentList.Add(port.ToString());
        foreach (var (key, value) in _app.Settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var schedules = new ConfigurationBuilder().AddJsonFile(Path.Combine(app, "appsettings.json")).Build();
        foreach (var timer in TimerFunctions.All)
        {
            start.Environment[timer.ScheduleSetting.Replace(":", "__")] = schedules[timer.ScheduleSetting];
        }

        start.Environment["Timers__SendNotifications"] = "*/2 * * * * *";
        start.Environment["AzureWebJobsStorage"] = emulators.BlobConnectionString;
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Testing";
        start.Environment["AzureFunctionsJobHost__logging__console__isEnabled"] = "true";
        start.Environment["AzureFunctionsJobHost__logging__logLevel__default"] = "Information";
        start.Environment.Remove("ASPNETCORE_URLS");

        _host = Process.Start(start)!;
        _host.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _host.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();

        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < until && !_host.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/api/health/live")).StatusCode == HttpStatusCode.OK)
                {
                    return client;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        Assert.Fail($"The host did not serve the app. Its log:\n{Log()[Math.Max(0, Log().Length - 4000)..]}");
        return client;
    }
}
