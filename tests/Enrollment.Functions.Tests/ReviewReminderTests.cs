using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>The day before review closes, a school's reviewers with a mobile are told once how many applications still wait.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ReviewReminderTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync()
    {
        var county = await _app.CreateCountyAsync();
        var now = _app.Time.GetUtcNow();
        _county = county with
        {
            Calendar = county.Calendar with { Windows = [.. county.Calendar.Windows, new WindowSetting(WindowKind.Review, Stage.Primary, null, new Window(now.AddDays(-1), now.AddHours(30)))] },
        };
        await _app.Services.GetRequiredService<ICountyStore>().UpsertAsync(_county, CancellationToken.None);
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private IEnumerable<JsonElement> BacklogTexts() =>
        _app.Departments.LogEntries.Where(e => e.RequestMessage.Path == "/sms/send")
            .Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement)
            .Where(b => b.GetProperty("templateId").GetString() == "SMS_0005");

    [Fact]
    public async Task OnlyTheSchoolsStaffWithAMobileAreRemindedOnceInTheLastDay()
    {
        var school = _county.Schools[0];
        for (var i = 0; i < 2; i++)
        {
            (await (await _app.NewParentAsync()).SubmitAsync(TestForms.Valid(_county.Id, school.Id, TestIdentity.ResidentId(new DateOnly(2020, 7, 1 + i))))).EnsureSuccessStatusCode();
        }

        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var accounts = $"/api/staff/counties/{_county.Id}/accounts";
        (await officer.PostAsJsonAsync(accounts, new { signInName = $"li.{Guid.NewGuid():N}", displayName = "李老师", role = "SchoolReviewer", schoolIds = new[] { school.Id }, mobile = "13900001111" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync(accounts, new { signInName = $"wang.{Guid.NewGuid():N}", displayName = "王校长", role = "SchoolHead", schoolIds = new[] { school.Id } })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync(accounts, new { signInName = $"zhao.{Guid.NewGuid():N}", displayName = "赵老师", role = "SchoolReviewer", schoolIds = new[] { _county.Schools[1].Id }, mobile = "13900002222" })).EnsureSuccessStatusCode();
        Assert.Contains((await officer.GetFromJsonAsync<JsonElement[]>(accounts))!, a => a.GetProperty("mobileMasked").GetString() == "139****1111");

        // Thirty hours before review closes: not yet.
        Assert.Contains("Reminded 0 ", await _app.InvokeTimerAsync("RemindSchools"));
        _app.Time.Advance(TimeSpan.FromHours(7));

        Assert.Contains("Reminded 1 ", await _app.InvokeTimerAsync("RemindSchools"));
        Assert.Contains("Reminded 0 ", await _app.InvokeTimerAsync("RemindSchools"));

        var text = Assert.Single(BacklogTexts());
        Assert.Equal("13900001111", text.GetProperty("mobile").GetString());
        Assert.Equal("2", text.GetProperty("parameters").GetProperty("count").GetString());
        Assert.Equal(school.Name, text.GetProperty("parameters").GetProperty("school").GetString());
    }

    [Fact]
    public async Task AMalformedMobileIsRefusedWithTheField()
    {
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);

        var refused = await officer.PostAsJsonAsync($"/api/staff/counties/{_county.Id}/accounts",
            new { signInName = "li.x", displayName = "李老师", role = "SchoolReviewer", schoolIds = new[] { _county.Schools[0].Id }, mobile = "12345" });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("mobile", out _));
    }
}
