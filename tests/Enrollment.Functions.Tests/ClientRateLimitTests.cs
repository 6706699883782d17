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

/// <summary>One abusive client must not starve the parents: each guardian and each client address has its own budget.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ClientRateLimitTests(LocalEmulators emulators) : IAsyncDisposable
{
    private const int Budget = 6;

    private readonly EnrollmentApp _app = new(emulators, hostedByFunctionsHost: true);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task AGuardianOverBudgetIsToldWhenToComeBackWhileOtherGuardiansAreServed()
    {
        var app = WithBudgets(guardian: Budget, address: 1000);
        await app.Services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        var greedy = await NewParentAsync(app);
        var calm = await NewParentAsync(app);

        // Consenting was the first request in each guardian's budget.
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
        var app = WithBudgets(guardian: 1000, address: Budget);
        var anyone = app.CreateClient();

        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anyone.SendAsync(FromAddress("203.0.113.7"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await anyone.SendAsync(FromAddress("203.0.113.7"))).StatusCode);
        // An earlier hop is the client's own invention; the platform's last hop decides whose budget it is.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await anyone.SendAsync(FromAddress("198.51.100.1, 203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.SendAsync(FromAddress("198.51.100.9"))).StatusCode);
        var page = new HttpRequestMessage(HttpMethod.Get, "/index.html");
        page.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.OK, (await anyone.SendAsync(page)).StatusCode);
    }

    private static HttpRequestMessage FromAddress(string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/consent");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    private static Task<HttpClient> NewParentAsync(WebApplicationFactory<Program> app) =>
        EnrollmentApp.NewParentAsync(app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));

    /// <summary>The test server has no sockets; the platform's front end reaches the app from the Functions host on loopback.</summary>
    private WebApplicationFactory<Program> WithBudgets(int guardian, int address) => _app.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("RateLimits:GuardianRequestsPerMinute", guardian.ToString());
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
