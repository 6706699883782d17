using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>Every log line of a whole parent journey, at every level, holds no ID number, phone number or name.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class PersonalDataInLogsTests(LocalEmulators emulators)
{
    [Fact]
    public async Task AWholeJourneyLogsNoPersonalData()
    {
        await using var app = new EnrollmentApp(emulators);
        var lines = app.Logs.Lines;
        var county = await app.CreateCountyAsync();
        var childNumber = TestIdentity.ResidentId(new DateOnly(2020, 4, 5));
        const string mobile = "13987654321";
        var form = TestForms.Valid(county.Id, county.Schools[0].Id, childNumber, mobile) with
        {
            Residence = new ResidenceForm(EligibilityBasis.ResidencePermit, "城关镇新华街8号2单元"),
        };
        app.DepartmentAnswers("social-insurance", matched: null);

        var phone = app.CreateClient(new() { HandleCookies = true });
        Assert.Equal(HttpStatusCode.Accepted, (await phone.PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile })).StatusCode);
        (await phone.PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile, code = app.LastCodeSentTo(mobile) })).EnsureSuccessStatusCode();
        (await phone.PostAsJsonAsync("/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion })).EnsureSuccessStatusCode();
        var draftId = Guid.NewGuid();
        (await phone.PutAsJsonAsync($"/api/parent/drafts/{draftId}", form, TestForms.Json)).EnsureSuccessStatusCode();
        (await phone.PostAsync($"/api/parent/drafts/{draftId}/checks", null)).EnsureSuccessStatusCode();
        var submitted = await phone.PostAsJsonAsync($"/api/parent/applications?draftId={draftId}", form, TestForms.Json);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await phone.GetAsync($"/api/parent/applications/{id}")).EnsureSuccessStatusCode();
        await phone.SubmitAsync(form with { Child = form.Child! with { DocumentNumber = "340524198001010013" } });
        (await phone.PostAsync($"/api/parent/applications/{id}/withdraw", null)).EnsureSuccessStatusCode();

        // The capture sees what a sink would: the request lines carry the (non-personal) application number.
        Assert.Contains(lines, line => line.Contains(id!));
        string[] personal = [childNumber, childNumber[..14], "11010519491231002X", mobile, "王小雨", "王建国", "Wang Xiaoyu", "340524198001010013"];
        var leaks = lines.Where(line => personal.Any(p => line.Contains(p, StringComparison.OrdinalIgnoreCase))).Concat(app.Logs.Leaks()).ToList();
        Assert.True(leaks.Count == 0, "Personal data in logs:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public async Task TheScanEveryAppRunsAtDisposalFindsIdNumbersMobilesAndNames()
    {
        await using var app = new EnrollmentApp(emulators);
        var logger = app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("Leaky");
        var childNumber = TestIdentity.ResidentId(new DateOnly(2020, 4, 5));

        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Checked {Number} for {Mobile}", childNumber, "13987654321");
        Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "Child {Name}", "王小雨");
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Application B7K2M9Q4 for school t1a2b3c4d5-101, hash 3f9a0c13912345678e2");

        Assert.Equal(2, app.Logs.Leaks().Count);
        app.Logs.Lines.Clear();
    }
}
