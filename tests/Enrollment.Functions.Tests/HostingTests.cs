using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Enrollment.Functions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Enrollment.Functions.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class HostingTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);

    public Task InitializeAsync() => _app.CreateCountyAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HealthChecksBothStores()
    {
        var response = await _app.CreateClient().GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var data = body.GetProperty("checks").GetProperty("storage").GetProperty("data");
        Assert.Equal("ok", data.GetProperty("cosmos").GetString());
        Assert.Equal("ok", data.GetProperty("blob").GetString());
    }

    [Fact]
    public async Task PagesGoCompressedAndAreRevalidatedWhileFamilyDataIsNeverCompressed()
    {
        var client = _app.CreateClient();
        foreach (var (path, encoding) in new[] { ("/", "br"), ("/app.js", "br"), ("/lib/weui.css", "gzip") })
        {
            var plain = await client.GetByteArrayAsync(path);
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            var response = await client.SendAsync(request);

            Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
            Assert.True(response.Headers.CacheControl?.NoCache, path);
            var compressed = await response.Content.ReadAsByteArrayAsync();
            Assert.True(compressed.Length * 2 < plain.Length, $"{path}: {compressed.Length} of {plain.Length} bytes");
            await using var decompressed = encoding == "br"
                ? (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress)
                : new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
            var copy = new MemoryStream();
            await decompressed.CopyToAsync(copy);
            Assert.Equal(plain, copy.ToArray());
        }

        var phone = await _app.NewParentAsync();
        var api = new HttpRequestMessage(HttpMethod.Get, "/api/parent/applications");
        api.Headers.AcceptEncoding.ParseAdd("br, gzip");
        Assert.Empty((await phone.SendAsync(api)).Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task APageNamesItsStyleByContentWhichThePhoneKeepsForAYear()
    {
        var client = _app.CreateClient();
        var page = await client.GetStringAsync("/");
        var reference = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/lib/weui\\.css\\?v=[0-9a-f]{12})\"").Groups[1].Value;

        var fingerprinted = await client.GetAsync(reference);
        var stale = await client.GetAsync("/lib/weui.css?v=000000000000");

        Assert.Equal(HttpStatusCode.OK, fingerprinted.StatusCode);
        Assert.True(fingerprinted.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), fingerprinted.Headers.CacheControl?.MaxAge);
        Assert.Equal(await client.GetByteArrayAsync("/lib/weui.css"), await fingerprinted.Content.ReadAsByteArrayAsync());
        // An old page asking for an old fingerprint gets today's file, and only until it asks again.
        Assert.True(stale.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task ThePhonesBrowserFindsTheSitesIcon()
    {
        var response = await _app.CreateClient().GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0, 0, 1, 0], (await response.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task HealthReportsAStoreThatDoesNotAnswer()
    {
        await using var broken = new EnrollmentApp(emulators).WithWebHostBuilder(b =>
            b.UseSetting("Storage:Blob:ConnectionString", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;"));

        var client = broken.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/health/ready")).StatusCode);
        // Alive all the same: the platform must not replace an instance because storage is down.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/live")).StatusCode);
    }

    [Fact]
    public async Task TimerRunsAreTracedAndCountedByOutcome()
    {
        var counted = new List<string>();
        using var meters = new System.Diagnostics.Metrics.MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TimerRuns.TelemetryName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var described = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            lock (counted)
            {
                counted.Add(described);
            }
        });
        meters.Start();
        var traced = new List<string>();
        using var activities = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == TimerRuns.TelemetryName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity => { lock (traced) { traced.Add(activity.DisplayName); } },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(activities);

        await using var hosted = new EnrollmentApp(emulators);
        await hosted.CreateCountyAsync();
        await hosted.InvokeTimerAsync("CloseDrafts");

        Assert.Contains("timer=CloseDrafts,outcome=succeeded", counted);
        Assert.Contains("timer CloseDrafts", traced);
    }

    [Fact]
    public async Task DevelopmentSignInCannotBeSwitchedOnInProduction()
    {
        await using var production = new EnrollmentApp(emulators).WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var failure = Assert.Throws<InvalidOperationException>(() => production.CreateClient());
        Assert.Contains("SignIn:DevelopmentEnabled", failure.Message);
    }

    [Fact]
    public void TheSettingsFilesAreReadAtStartAndNotWatched()
    {
        // A watch is an inotify instance per app, a limited resource per machine user.
        var configuration = (IConfigurationRoot)_app.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, f.Source.Path));
    }

    [Fact]
    public async Task AKeyVaultReferenceThePlatformCouldNotResolveStopsTheAppWithTheFix()
    {
        // A plain host: the test server's deferred start can lose a start-time failure to the disposed app.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Security:SessionSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Security:IdentityHashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Security:DataEncryptionKey"] = "@Microsoft.KeyVault(VaultName=kv-enrollment;SecretName=Security--DataEncryptionKey)",
        });
        builder.Services.AddSecurityKeys();
        using var unresolved = builder.Build();

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => unresolved.StartAsync());
        Assert.Contains("Key Vault Secrets User", failure.Message);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheParentApi()
    {
        var document = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/parent/applications", out var submit));
        Assert.True(submit.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/parent/applications/{applicationId}", out _));
        Assert.False(paths.TryGetProperty("/StartReview", out _));
    }

    [Fact]
    public async Task TheEntryPageIsAChinesePhonePage()
    {
        var html = await _app.CreateClient().GetStringAsync("/?school=demo-101");

        Assert.Contains("<meta name=\"viewport\"", html);
        Assert.Contains("lang=\"zh-CN\"", html);
        Assert.Contains("提交报名", html);
        Assert.Contains("weui", html);
    }

    [Fact]
    public async Task UnknownPathsAnswerWithAProblem()
    {
        var response = await _app.CreateClient().GetAsync("/api/parent/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EachSchoolHasAQrCodeImage()
    {
        var county = await _app.CreateCountyAsync();
        var response = await _app.CreateClient().GetAsync($"/api/public/counties/{county.Id}/schools/{county.Schools[2].Id}/qr.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/api/public/counties/{county.Id}/schools/nope/qr.png")).StatusCode);
    }

    [Fact]
    public async Task TheCountyPublishesItsWindowAndSchools()
    {
        var county = await _app.CreateCountyAsync();
        var body = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/public/counties/{county.Id}");

        Assert.Equal(5, body.GetProperty("schools").GetArrayLength());
        Assert.Equal("Open", body.GetProperty("registration").GetProperty("state").GetString());
        Assert.Equal("2020-08-31", body.GetProperty("latestBirthDate").GetString());
    }
}
