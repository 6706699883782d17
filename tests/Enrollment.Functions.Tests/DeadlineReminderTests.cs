using System.Net;
using System.Net.Http.Json;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Tests;

/// <summary>A guardian who must act before a deadline (a correction the school asked for) is reminded once in its last day, never twice.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DeadlineReminderTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task AGuardianIsRemindedOnceInTheLastDayBeforeTheCorrectionDeadlineAndNeverAfterIt()
    {
        var school = _county.Schools[0].Id;
        var mobile = "132" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var id = await (await _app.NewParentAsync()).SubmitNewAsync(TestForms.Valid(_county.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 7, 7)), mobile));
        int RemindersTo() => _app.Departments.LogEntries.Count(e => e.RequestMessage.Path == "/sms/send" && e.RequestMessage.Body!.Contains(mobile) && e.RequestMessage.Body.Contains("SMS_0006"));
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, school);

        async Task ReturnAsync(DateTimeOffset deadline)
        {
            var route = $"/api/staff/schools/{school}/applications/{id}";
            var etag = (await reviewer.GetAsync(route)).Headers.ETag!.Tag;
            var returned = await reviewer.SendAsync(StaffApi.WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{route}/return")
            {
                Content = JsonContent.Create(new { fields = new[] { "child.postcode" }, documents = Array.Empty<string>(), message = "邮编有误，请更正。", deadline }),
            }, etag));
            Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        }

        await ReturnAsync(_app.Time.GetUtcNow().AddDays(3));
        await _app.InvokeTimerAsync("SendNotifications");

        // Two days before: too early. In the last day: one reminder, whatever the number of runs.
        Assert.Equal("Queued 0 reminders to guardians whose correction or lottery place is due within a day.", await _app.InvokeTimerAsync("RemindDeadlines"));
        _app.Time.Advance(TimeSpan.FromDays(2.5));
        Assert.Contains("Queued 1 ", await _app.InvokeTimerAsync("RemindDeadlines"));
        Assert.Contains("Queued 0 ", await _app.InvokeTimerAsync("RemindDeadlines"));
        await _app.InvokeTimerAsync("SendNotifications");
        await _app.InvokeTimerAsync("SendNotifications");
        Assert.Equal(1, RemindersTo());
        var text = System.Text.RegularExpressions.Regex.Unescape(_app.Departments.LogEntries.Last(e => e.RequestMessage.Path == "/sms/send" && e.RequestMessage.Body!.Contains("SMS_0006")).RequestMessage.Body!);
        Assert.Contains("退回补充", text);
        Assert.Contains(_county.Schools[0].Name, text);
        Assert.Contains($"{_app.Time.GetUtcNow().AddDays(0.5).ToOffset(TimeSpan.FromHours(8)):M月d日 HH:mm}", text);

        // Past the deadline there is nothing left to remind of.
        _app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Contains("Queued 0 ", await _app.InvokeTimerAsync("RemindDeadlines"));
        await _app.InvokeTimerAsync("SendNotifications");
        Assert.Equal(1, RemindersTo());
    }
}
