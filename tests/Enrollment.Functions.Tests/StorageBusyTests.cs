using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Enrollment.Core.Applications;
using Enrollment.Core.Uploads;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;

namespace Enrollment.Functions.Tests;

/// <summary>Storage still throttled or down after the SDKs' retries: a calm 503 with Retry-After, never a bare error.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class StorageBusyTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private string _countyId = "";

    public async Task InitializeAsync() => _countyId = (await _app.CreateCountyAsync()).Id;

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    public static TheoryData<Exception> Busy => new()
    {
        new CosmosException("throttled", HttpStatusCode.TooManyRequests, 0, "a", 0),
        new CosmosException("unavailable", HttpStatusCode.ServiceUnavailable, 0, "a", 0),
        new CosmosException("timeout", HttpStatusCode.RequestTimeout, 0, "a", 0),
        new RequestFailedException(503, "server busy"),
        new TaskCanceledException("timed out"),
    };

    [Theory]
    [MemberData(nameof(Busy))]
    public async Task ABusyStoreIsA503WithRetryAfterAndACalmWord(Exception busy)
    {
        var applications = new Mock<IApplicationStore>();
        applications.Setup(s => s.CreateOrGetApplicationAsync(It.IsAny<Application>(), It.IsAny<CancellationToken>())).ThrowsAsync(busy);
        applications.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ThrowsAsync(busy);
        var uploads = new Mock<IUploadStore>();
        uploads.Setup(s => s.CreateSlotAsync(It.IsAny<UploadSlotRecord>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ThrowsAsync(busy);
        await using var faulty = _app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton(applications.Object));
            services.Replace(ServiceDescriptor.Singleton(uploads.Object));
        }));
        var phone = faulty.CreateClient(new() { HandleCookies = true });
        (await phone.PostAsJsonAsync("/api/parent/sign-in/development", new { mobile = "13900002222" })).EnsureSuccessStatusCode();
        (await phone.PostAsJsonAsync("/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion })).EnsureSuccessStatusCode();

        var submit = await phone.SubmitAsync(TestForms.Valid(_countyId, _countyId + "-101", TestIdentity.ResidentId(new DateOnly(2020, 3, 3))));
        var upload = await phone.PostAsJsonAsync("/api/parent/uploads", new { kind = "household-register", contentType = "image/jpeg", length = 1000 });

        foreach (var response in new[] { submit, upload })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("urn:enrollment:problem:busy", problem.GetProperty("type").GetString());
            Assert.Contains("不会产生两份报名", problem.GetProperty("detail").GetString());
        }
    }
}
