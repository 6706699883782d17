using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Azure.Cosmos;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Enrollment.Functions.Tests;

/// <summary>A configuration change whose audit entry could not be written (the process stopped, storage failed) is never unaudited.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AuditOutboxTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private readonly FailingAppends _failing = new();
    private WebApplicationFactory<Program> _faulty = null!;
    private County _county = null!;

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _faulty = _app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IAuditLog>(sp => new FailingAuditLog(ActivatorUtilities.CreateInstance<CosmosAuditLog>(sp), _failing)))));
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task AChangeStoredWithoutItsAuditEntryIsInTheLogAtOnceAndWrittenByTheNextChangeNotByAReader()
    {
        // A derived app has keys of its own: the officer's account is made by the app they sign in to.
        var signIn = _faulty.Services.GetRequiredService<StaffSignIn>();
        var enrollment = signIn.NewAccount($"officer-{Guid.NewGuid():N}", "测试BureauOfficer", StaffRole.BureauOfficer, _county.Id, [], EnrollmentApp.StaffPassword);
        Assert.True(await _faulty.Services.GetRequiredService<IStaffStore>().TryCreateAsync(enrollment.Account, CancellationToken.None));
        var officer = _faulty.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var code = signIn.CurrentCode(enrollment.TotpSecret!);
        var signedIn = await officer.PostAsJsonAsync("/api/staff/sign-in", new { name = enrollment.Account.Id, password = EnrollmentApp.StaffPassword, code });
        signedIn.EnsureSuccessStatusCode();
        var route = $"/api/staff/counties/{_county.Id}/configuration";
        var etag = (await officer.GetAsync(route)).Headers.ETag!.Tag;

        _failing.Next = true;
        var change = new HttpRequestMessage(HttpMethod.Patch, $"{route}/windows/Registration") { Content = JsonContent.Create(new { stage = "Primary", closes = _app.Time.GetUtcNow(), reason = "提前截止" }) };
        change.Headers.TryAddWithoutValidation("If-Match", etag);
        var failed = await officer.SendAsync(change);

        // The change is stored; its entry is not, yet.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(2, (await _app.Services.GetRequiredService<ICountyStore>().GetAsync(_county.Id, CancellationToken.None))!.Version);
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);

        var log = await auditor.GetFromJsonAsync<JsonElement>($"/api/staff/counties/{_county.Id}/audit?action={AuditActions.ChangeWindow}");

        var entry = Assert.Single(log.GetProperty("entries").EnumerateArray());
        Assert.Equal("提前截止", entry.GetProperty("reason").GetString());
        Assert.Equal($"{_county.Id}.v2", entry.GetProperty("id").GetString());
        var history = await auditor.GetFromJsonAsync<JsonElement>($"{route}/history");
        Assert.Equal($"{_county.Id}.v2", history.GetProperty("entries")[0].GetProperty("id").GetString());

        // Reading wrote nothing; the next change writes the entry, once, and the log still shows it once.
        Assert.Empty(await StoredWindowChangesAsync());
        etag = (await officer.GetAsync(route)).Headers.ETag!.Tag;
        var next = new HttpRequestMessage(HttpMethod.Post, $"{route}/pause") { Content = JsonContent.Create(new { message = "系统维护，预计今晚20:00恢复报名", reason = "维护" }) };
        next.Headers.TryAddWithoutValidation("If-Match", etag);
        (await officer.SendAsync(next)).EnsureSuccessStatusCode();
        Assert.Equal($"{_county.Id}.v2", Assert.Single(await StoredWindowChangesAsync()).Id);
        Assert.Single((await auditor.GetFromJsonAsync<JsonElement>($"/api/staff/counties/{_county.Id}/audit?action={AuditActions.ChangeWindow}")).GetProperty("entries").EnumerateArray());
    }

    private async Task<IReadOnlyList<AuditEntry>> StoredWindowChangesAsync() =>
        (await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_county.Id, new AuditQuery(null, AuditActions.ChangeWindow, null, null, null), 10, null, CancellationToken.None))!.Entries;

    private sealed class FailingAppends
    {
        public bool Next { get; set; }
    }

    private sealed class FailingAuditLog(IAuditLog inner, FailingAppends failing) : IAuditLog
    {
        public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
        {
            if (failing.Next && entry.ObjectType == "county")
            {
                failing.Next = false;
                throw new CosmosException("injected: storage went away", HttpStatusCode.ServiceUnavailable, 0, "a", 0);
            }

            return inner.AppendAsync(entry, cancellationToken);
        }

        public Task<AuditPage?> ReadAsync(string countyId, AuditQuery query, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            inner.ReadAsync(countyId, query, pageSize, continuationToken, cancellationToken);
    }
}
