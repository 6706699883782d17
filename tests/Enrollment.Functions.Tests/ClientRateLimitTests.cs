using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Azure.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>One abusive client must not starve the parents: each parent and each client address has its own budget.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ClientRateLimitTests(LocalEmulators emulators) : IAsyncDisposable
{
    private const int Budget = 6;

    private readonly EnrollmentApp _app = new(emulators);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task AGuardianOverBudgetIsToldWhenToComeBackWhileOtherGuardiansAreServed()
    {
        var app = WithBudgets(parent: Budget, address: 1000);
        await app.Services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        var greedy = await NewParentAsync(app);
        var calm = await NewParentAsync(app);

        // Consenting was the first request in each parent's budget.
        for (var i = 1; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/api/parent/applications")).StatusCode);
        }

        var refused = await greedy.GetAsync("/api/parent/applications");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("访问人数较多", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync("/api/parent/applications")).StatusCode);
    }

    [Fact]
    public async Task AnAddressOverBudgetIsRefusedWhileOtherAddressesAndThePagesAreServed()
    {
        // Behind the Functions host every request comes from the host on loopback; the worker takes the client's
        // address from the X-Forwarded-For the host's proxy sets to the address it was reached from.
        await using var worker = new WorkerApp(_app, new Dictionary<string, string?> { ["RateLimits:AddressRequestsPerMinute"] = Budget.ToString() });

        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await worker.InvokeAsync("Public", Consent(), client: "203.0.113.7")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await worker.InvokeAsync("Public", Consent(), client: "203.0.113.7")).StatusCode);
        // A forwarded address the client writes itself is replaced on the way; its own address decides whose budget it is.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await worker.InvokeAsync("Public", Consent(forwardedFor: "198.51.100.1"), client: "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.InvokeAsync("Public", Consent(), client: "198.51.100.9")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.InvokeAsync("WebPages", new HttpRequestMessage(HttpMethod.Get, "/index.html"), client: "203.0.113.7")).StatusCode);
    }

    private static HttpRequestMessage Consent(string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/consent");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }

    private static Task<HttpClient> NewParentAsync(WebApplicationFactory<Program> app) =>
        EnrollmentApp.NewParentAsync(app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));

    /// <summary>The test server has no sockets; the platform's front end reaches the app from the Functions host on loopback.</summary>
    private WebApplicationFactory<Program> WithBudgets(int parent, int address) => _app.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("RateLimits:ParentRequestsPerMinute", parent.ToString());
        builder.UseSetting("RateLimits:AddressRequestsPerMinute", address.ToString());
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, FromLoopback>());
    });

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate then) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return then(context);
            });
            next(app);
        };
    }
}
