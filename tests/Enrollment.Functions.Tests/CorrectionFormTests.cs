using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>退回补充 on the phone: the page gets the form as submitted, to correct only what the school named.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class CorrectionFormTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync()
    {
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        _county = await _app.CreateCountyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheOwnerGetsTheSubmittedFormWhileTheSchoolWaitsForTheCorrectionAndNobodyElseDoes()
    {
        var phone = await _app.NewParentAsync();
        var idNumber = TestIdentity.ResidentId(new DateOnly(2020, 6, 11));
        var form = TestForms.Valid(_county.Id, _county.Schools[0].Id, idNumber);
        var id = (await (await phone.SubmitAsync(form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Not returned: nothing to correct, so the full form is not handed out.
        var early = await phone.GetAsync($"/api/parent/applications/{id}/form");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        var deadline = _app.Time.GetUtcNow().AddDays(3);
        await _app.Services.GetRequiredService<Corrections>().ReturnAsync(_county.Schools[0].Id, id,
            ["residence.address"], [FactKind.RentalFiling], "请补充完整门牌号，并上传租赁备案证明。", deadline, CancellationToken.None);

        var answer = await phone.GetAsync($"/api/parent/applications/{id}/form");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("no-store", answer.Headers.CacheControl?.ToString());
        var view = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, view.GetProperty("id").GetString());
        Assert.Equal(["residence.address"], view.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        var document = Assert.Single(view.GetProperty("documents").EnumerateArray());
        Assert.Equal("RentalFiling", document.GetProperty("kind").GetString());
        Assert.Equal("rental-filing", document.GetProperty("documentKind").GetString());
        Assert.Equal("房屋租赁登记备案证明", document.GetProperty("name").GetString());
        Assert.Equal("请补充完整门牌号，并上传租赁备案证明。", view.GetProperty("message").GetString());
        Assert.Equal(deadline, view.GetProperty("deadline").GetDateTimeOffset());

        // The form exactly as submitted: what the page sends back unchanged passes the "only what was asked" rule.
        var returned = view.GetProperty("form").Deserialize<ApplicationForm>(TestForms.Json)!;
        Assert.Equal(idNumber, returned.Child!.DocumentNumber);
        Assert.Equal(ApplicationRecords.Fields(form), ApplicationRecords.Fields(returned));

        // Another guardian, and an id that does not exist, both answer 404.
        var stranger = await (await _app.NewParentAsync()).GetAsync($"/api/parent/applications/{id}/form");
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.DoesNotContain(idNumber, await stranger.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync("/api/parent/applications/NO-SUCH-ID/form")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.NewPhone().GetAsync($"/api/parent/applications/{id}/form")).StatusCode);
    }
}
