using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Audit;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>The audit log as auditors read it: filtered, paged, county-scoped, and impossible to change through the API.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AuditApiTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private string _countyId = "";

    private string Route => $"/api/staff/counties/{_countyId}/audit";

    public async Task InitializeAsync()
    {
        _countyId = (await _app.CreateCountyAsync()).Id;
        var log = _app.Services.GetRequiredService<IAuditLog>();
        var at = _app.Time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(new AuditEntry(Guid.NewGuid().ToString("N"), _countyId, at.AddMinutes(i), "clerk@" + _countyId, "SchoolReviewer",
                i % 2 == 0 ? AuditActions.Approve : AuditActions.ViewApplication, "application", $"A{i}", Reason: null, Before: null, After: null), CancellationToken.None);
        }
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task AnAuditorReadsTheCountysLogNewestFirstFilteredAndPaged()
    {
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _countyId);

        var approvals = await auditor.GetFromJsonAsync<JsonElement>($"{Route}?action={AuditActions.Approve}");
        Assert.Equal(["A4", "A2", "A0"], approvals.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("objectId").GetString()));

        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{Route}?actor=clerk@{_countyId}&pageSize=2");
            if (continuation is not null)
            {
                request.Headers.Add("X-Continuation", continuation);
            }

            var page = await (await auditor.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            var entries = page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("objectId").GetString()!).ToList();
            Assert.True(entries.Count <= 2);
            seen.AddRange(entries);
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);

        Assert.Equal(["A4", "A3", "A2", "A1", "A0"], seen);
    }

    [Fact]
    public async Task OnlyTheCountysAuditorsAndOfficersMayReadIt()
    {
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _countyId, $"{_countyId}-101");
        var otherCounty = (await _app.CreateCountyAsync()).Id;
        var otherOfficer = await _app.NewStaffAsync(StaffRole.BureauOfficer, otherCounty);
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _countyId);

        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOfficer.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await _app.NewParentAsync()).GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(Route)).StatusCode);
    }

    [Fact]
    public async Task TheLogCannotBeChangedThroughTheApi()
    {
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _countyId);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await officer.DeleteAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await officer.PostAsJsonAsync(Route, new { action = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await officer.PutAsJsonAsync(Route, new { action = "x" })).StatusCode);
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=1000")]
    [InlineData("?from=2026-08-07T00:00:00%2B08:00&until=2026-08-06T00:00:00%2B08:00")]
    [InlineData("?from=yesterday")]
    public async Task BadQueriesGetAProblemNotAnError(string query)
    {
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _countyId);

        var response = await auditor.GetAsync(Route + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AForgedContinuationTokenIsRefusedCalmly()
    {
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _countyId);
        var request = new HttpRequestMessage(HttpMethod.Get, Route);
        request.Headers.Add("X-Continuation", "{\"token\":\"forged\",\"range\":{\"min\":\"\",\"max\":\"FF\"}}");

        var response = await auditor.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
