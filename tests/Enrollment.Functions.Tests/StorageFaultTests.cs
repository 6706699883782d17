using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Enrollment.Functions.Tests;

/// <summary>
/// Faults injected through the SDKs' own extension points (a Cosmos <see cref="RequestHandler"/>, a Blob
/// <see cref="HttpPipelinePolicy"/>, a delegating handler under each Refit client's resilience handler)
/// while the real app runs over the real emulators: the parent is told calmly to try again, nothing is
/// half stored, and a retry converges on one application.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class StorageFaultTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private readonly Faults _faults = new();
    private WebApplicationFactory<Program> _faulty = null!;
    private string _countyId = "";

    public async Task InitializeAsync()
    {
        _countyId = (await _app.CreateCountyAsync()).Id;
        _faulty = _app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton<RequestHandler>(new CosmosFaults(_faults));
            services.AddSingleton<HttpPipelinePolicy>(new BlobFaults(_faults));
            services.PostConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new OutsideFaults(_faults))));
        }));
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    /// <summary>More than the storage requests one submit makes (3 reads, 3 writes), so every one of them gets its turn to fail.</summary>
    private const int SubmitRequests = 8;

    [Theory]
    [InlineData(Fault.Throttled)]
    [InlineData(Fault.Unavailable)]
    [InlineData(Fault.Timeout)]
    [InlineData(Fault.ConnectionReset)]
    [InlineData(Fault.LostAcknowledgement)]
    [InlineData(Fault.Slow)]
    public async Task WhicheverStorageRequestOfASubmitFailsTheParentsRetryConvergesOnOneApplication(Fault fault)
    {
        var phone = await NewParentAsync();
        var fired = 0;
        for (var failing = 1; failing <= SubmitRequests; failing++)
        {
            var form = TestForms.Valid(_countyId, _countyId + "-101", TestIdentity.ResidentId(new DateOnly(2020, 1, 1).AddDays(7 * failing)));
            var key = "fault-" + Guid.NewGuid();
            _faults.Arm(Store.Cosmos, fault, skip: failing - 1);

            var first = await phone.SubmitAsync(form, key);

            fired += _faults.Disarm();
            if (first.StatusCode != HttpStatusCode.Created)
            {
                await AssertCalmBusyAsync(first);
                Assert.NotEqual(Fault.Slow, fault);
            }

            var retry = await phone.SubmitAsync(form, key);
            Assert.True(retry.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"request {failing}: the retry answered {retry.StatusCode}");
            var application = await retry.Content.ReadFromJsonAsync<JsonElement>();
            if (first.StatusCode == HttpStatusCode.Created)
            {
                Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString(), application.GetProperty("id").GetString());
            }

            var mine = await phone.GetFromJsonAsync<JsonElement[]>("/api/parent/applications");
            Assert.Single(mine!, a => a.GetProperty("id").GetString() == application.GetProperty("id").GetString());
            Assert.Equal(failing, mine!.Length);
        }

        // Every one of the submit's own requests failed in turn; the last positions may lie past its end.
        Assert.InRange(fired, 6, SubmitRequests);
    }

    [Fact]
    public async Task AResetBlobConnectionIsRetriedByTheSdkAndAPersistentOneIsACalm503ThatATryAgainFixes()
    {
        // The storage emulator checks upload links against the real clock.
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var phone = await NewParentAsync();

        var once = await StartAndPutAsync(phone);
        _faults.Arm(Store.Blob, Fault.ConnectionReset, skip: 0);
        var accepted = await phone.PostAsync($"/api/parent/uploads/{once}/accept", null);
        Assert.Equal(1, _faults.Disarm());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var persistent = await StartAndPutAsync(phone);
        _faults.Arm(Store.Blob, Fault.ConnectionReset, skip: 0, times: int.MaxValue);
        var refused = await phone.PostAsync($"/api/parent/uploads/{persistent}/accept", null);
        Assert.True(_faults.Disarm() > 1, "the Blob SDK retries a reset connection before giving up");
        await AssertCalmBusyAsync(refused);
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsync($"/api/parent/uploads/{persistent}/accept", null)).StatusCode);
    }

    [Theory]
    [InlineData(Fault.ConnectionReset)]
    [InlineData(Fault.Throttled)]
    [InlineData(Fault.Unavailable)]
    public async Task ADepartmentBehindAFaultyConnectionNeverBlocksTheSubmitAndTheTimerFinishesTheCheck(Fault fault)
    {
        var phone = await NewParentAsync();
        _faults.Arm(Store.Outside, fault, skip: 0, times: int.MaxValue);

        var submitted = await phone.SubmitAsync(TestForms.Valid(_countyId, _countyId + "-101", TestIdentity.ResidentId(new DateOnly(2020, 5, 5))), "fault-" + Guid.NewGuid());

        Assert.True(_faults.Disarm() > 0);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var application = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(application.GetProperty("facts").EnumerateArray(), f => f.GetProperty("status").GetString() == "Pending");

        Assert.Contains("Settled 1 ", await InvokeTimerAsync("RetryChecks"));
        var settled = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{application.GetProperty("id").GetString()}");
        Assert.All(settled.GetProperty("facts").EnumerateArray(), f => Assert.Equal("Matched", f.GetProperty("status").GetString()));
    }

    private static async Task AssertCalmBusyAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:busy", problem.GetProperty("type").GetString());
    }

    private Task<HttpClient> NewParentAsync() =>
        EnrollmentApp.NewParentAsync(_faulty.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));

    private static async Task<string> StartAndPutAsync(HttpClient phone)
    {
        var slot = await (await phone.PostAsJsonAsync("/api/parent/uploads", new { kind = "household-register", contentType = "image/png", length = TestUploads.Png.Length })).Content.ReadFromJsonAsync<JsonElement>();
        var put = new HttpRequestMessage(HttpMethod.Put, slot.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(TestUploads.Png) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Content.Headers.ContentType = new("image/png");
        using var storage = new HttpClient();
        Assert.Equal(HttpStatusCode.Created, (await storage.SendAsync(put)).StatusCode);
        return slot.GetProperty("uploadId").GetString()!;
    }

    private Task<string> InvokeTimerAsync(string name) => EnrollmentApp.InvokeTimerAsync(_faulty.Services, _app.Logs, name);

    public enum Fault { Throttled, Unavailable, Timeout, ConnectionReset, LostAcknowledgement, Slow }

    public enum Store { Cosmos, Blob, Outside }

    /// <summary>Which store fails, how, after how many of its requests pass, and how many times.</summary>
    private sealed class Faults
    {
        private readonly Lock _lock = new();
        private Store _store;
        private Fault _fault;
        private int _skip;
        private int _remaining;
        private int _fired;

        public void Arm(Store store, Fault fault, int skip, int times = 1)
        {
            lock (_lock)
            {
                (_store, _fault, _skip, _remaining, _fired) = (store, fault, skip, times, 0);
            }
        }

        /// <summary>Stops injecting; returns how many faults were injected since <see cref="Arm"/>.</summary>
        public int Disarm()
        {
            lock (_lock)
            {
                _remaining = 0;
                return _fired;
            }
        }

        public Fault? Take(Store store)
        {
            lock (_lock)
            {
                if (store != _store || _remaining == 0)
                {
                    return null;
                }

                if (_skip > 0)
                {
                    _skip--;
                    return null;
                }

                _remaining--;
                _fired++;
                return _fault;
            }
        }
    }

    /// <summary>Sits above the SDK's retry handler: what it injects is what the app sees once the SDK has given up.</summary>
    private sealed class CosmosFaults(Faults faults) : RequestHandler
    {
        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            switch (faults.Take(Store.Cosmos))
            {
                case Fault.Throttled:
                    var throttled = new ResponseMessage(HttpStatusCode.TooManyRequests, request, "injected: request rate is large");
                    throttled.Headers.Add("x-ms-retry-after-ms", "100");
                    return throttled;
                case Fault.Unavailable:
                    return new ResponseMessage(HttpStatusCode.ServiceUnavailable, request, "injected: service unavailable");
                case Fault.Timeout:
                    return new ResponseMessage(HttpStatusCode.RequestTimeout, request, "injected: request timed out");
                case Fault.ConnectionReset:
                    throw new HttpRequestException("injected", new IOException("Connection reset by peer"));
                case Fault.LostAcknowledgement:
                    // The write lands but its answer never arrives.
                    using (await base.SendAsync(request, cancellationToken))
                    {
                        return new ResponseMessage(HttpStatusCode.ServiceUnavailable, request, "injected: answer lost");
                    }

                case Fault.Slow:
                    await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
                    return await base.SendAsync(request, cancellationToken);
                default:
                    return await base.SendAsync(request, cancellationToken);
            }
        }
    }

    /// <summary>Sits per retry in the Blob pipeline, where the SDK's retry policy sees the reset and tries again.</summary>
    private sealed class BlobFaults(Faults faults) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (faults.Take(Store.Blob) is not null)
            {
                throw new IOException("injected: connection reset by peer");
            }

            await ProcessNextAsync(message, pipeline);
        }
    }

    /// <summary>Innermost in each outside client, under its resilience handler, like the network itself.</summary>
    private sealed class OutsideFaults(Faults faults) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            faults.Take(Store.Outside) switch
            {
                Fault.ConnectionReset => throw new HttpRequestException("injected", new IOException("Connection reset by peer")),
                Fault.Throttled => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request, Headers = { RetryAfter = new(TimeSpan.FromSeconds(1)) } },
                Fault.Unavailable => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request },
                _ => await base.SendAsync(request, cancellationToken),
            };
    }
}
