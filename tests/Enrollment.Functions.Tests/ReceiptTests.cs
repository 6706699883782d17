using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Tests;

/// <summary>报名回执: the family's receipt names its application and carries a code only the service makes; the school it applied to checks it.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ReceiptTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task TheFamilysReceiptCarriesACodeTheSchoolItAppliedToVerifiesAndNobodyElseReads()
    {
        var school = _county.Schools[0].Id;
        var phone = await _app.NewParentAsync();
        var id = await phone.SubmitNewAsync(TestForms.Valid(_county.Id, school, TestIdentity.ResidentId(new DateOnly(2020, 3, 1))));

        var view = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}/receipt");
        var receipt = view.GetProperty("receipt");
        var code = receipt.GetProperty("code").GetString()!;
        Assert.Equal(id, receipt.GetProperty("applicationId").GetString());
        Assert.Equal(_county.Schools[0].Name, receipt.GetProperty("schoolName").GetString());
        Assert.Equal(_county.Name, receipt.GetProperty("countyName").GetString());
        Assert.Matches("^[0-9A-F]{10}$", code);
        Assert.Contains("*", receipt.GetProperty("documentNumberMasked").GetString());
        Assert.Contains("<svg", view.GetProperty("qrSvg").GetString());

        // Another family cannot print it.
        var stranger = await _app.NewParentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/parent/applications/{id}/receipt")).StatusCode);

        // The school checks the code: a wrong one is refused with why, the right one in any case names the application.
        var check = $"/api/staff/schools/{school}/receipts/{id}";
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, school);
        var wrong = await reviewer.GetAsync($"{check}?code=0000000000");
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal("urn:enrollment:problem:receipt-not-valid", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var verified = await reviewer.GetFromJsonAsync<JsonElement>($"{check}?code={code.ToLowerInvariant()}");
        Assert.Equal(id, verified.GetProperty("applicationId").GetString());
        Assert.Equal("Submitted", verified.GetProperty("status").GetString());
        Assert.Equal("已提交", verified.GetProperty("statusText").GetString());

        // Another school's reviewer learns nothing from the right code.
        var other = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _county.Schools[1].Id);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{check}?code={code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/staff/schools/{_county.Schools[1].Id}/receipts/{id}?code={code}")).StatusCode);
    }
}
