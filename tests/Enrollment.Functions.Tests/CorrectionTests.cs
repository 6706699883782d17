using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>退回补充: the school names what to correct; the guardian may change only that, before the deadline.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class CorrectionTests(LocalEmulators emulators) : IAsyncLifetime
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
    public async Task AReturnedApplicationIsCorrectedOnlyWhereTheSchoolAskedAndGoesBackToReview()
    {
        var phone = await _app.NewParentAsync();
        var form = TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 6, 1)));
        var submitted = await (await phone.SubmitAsync(form)).Content.ReadFromJsonAsync<JsonElement>();
        var id = submitted.GetProperty("id").GetString()!;

        // The school (its own API comes with the staff side) returns it: the address, and a rental filing.
        var returned = await _app.Services.GetRequiredService<Corrections>().ReturnAsync(_county.Schools[0].Id, id,
            ["residence.address"], [FactKind.RentalFiling], "请补充完整门牌号，并上传租赁备案证明。", _app.Time.GetUtcNow().AddDays(3), CancellationToken.None);
        Assert.IsType<CorrectionOutcome.Done>(returned);
        var status = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
        Assert.Equal("退回补充", status.GetProperty("statusText").GetString());
        Assert.Equal("房屋租赁登记备案证明", status.GetProperty("correction").GetProperty("documents")[0].GetString());

        var corrected = form with { Residence = form.Residence! with { Address = "临县城关镇人民路12号3单元502室" } };
        var sneaky = await phone.PutAsJsonAsync($"/api/parent/applications/{id}/correction",
            new { form = corrected.WithChild(c => c with { Name = "王小雪" }), documents = new Dictionary<string, string>() }, TestForms.Json);
        Assert.Equal(HttpStatusCode.BadRequest, sneaky.StatusCode);
        var errors = (await sneaky.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("学校没有要求修改", errors.GetProperty("child.name")[0].GetString());
        Assert.Contains("租赁登记备案证明", errors.GetProperty("documents.RentalFiling")[0].GetString());

        var uploadId = await TestUploads.UploadAsync(phone, "rental-filing");
        var done = await phone.PutAsJsonAsync($"/api/parent/applications/{id}/correction",
            new { form = corrected, documents = new Dictionary<string, string> { ["RentalFiling"] = uploadId } }, TestForms.Json);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var view = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("审核中", view.GetProperty("statusText").GetString());
        Assert.Equal(["Submitted", "ReturnedForCorrection", "UnderReview"], view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, view.GetProperty("correction").ValueKind);

        var again = await phone.PutAsJsonAsync($"/api/parent/applications/{id}/correction", new { form = corrected }, TestForms.Json);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var stranger = await (await _app.NewParentAsync()).PutAsJsonAsync($"/api/parent/applications/{id}/correction", new { form = corrected }, TestForms.Json);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }

    [Fact]
    public async Task TheGuardianIsTextedOnceWhenTheSchoolReturnsTheApplicationEvenAfterAnOutage()
    {
        var mobile = "131" + Random.Shared.Next(0, 100_000_000).ToString("D8");
        var phone = await _app.NewParentAsync();
        var form = TestForms.Valid(_county.Id, _county.Schools[2].Id, TestIdentity.ResidentId(new DateOnly(2020, 6, 3)), mobile);
        var id = (await (await phone.SubmitAsync(form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        int TextsTo() => _app.Departments.LogEntries.Count(e => e.RequestMessage.Path == "/sms/send" && e.RequestMessage.Body!.Contains(mobile) && e.RequestMessage.Body.Contains("SMS_0002"));

        await _app.Services.GetRequiredService<Corrections>().ReturnAsync(_county.Schools[2].Id, id, ["child.postcode"], [], "邮编有误", _app.Time.GetUtcNow().AddDays(1), CancellationToken.None);
        _app.Departments.Given(WireMock.RequestBuilders.Request.Create().WithPath("/sms/send").UsingPost()).AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        Assert.Contains("Sent 0 ", await _app.InvokeTimerAsync("SendNotifications"));
        Assert.Equal(1, TextsTo());

        _app.Departments.Given(WireMock.RequestBuilders.Request.Create().WithPath("/sms/send").UsingPost()).AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"accepted\":true,\"messageId\":\"m2\"}"));
        Assert.Contains("Sent 1 ", await _app.InvokeTimerAsync("SendNotifications"));
        Assert.Contains("Sent 0 ", await _app.InvokeTimerAsync("SendNotifications"));
        Assert.Equal(2, TextsTo());
    }

    [Fact]
    public async Task AMiniProgramGuardianGetsAWeChatMessageAndATextOnlyWhenWeChatRefuses()
    {
        _app.Departments.Given(WireMock.RequestBuilders.Request.Create().WithPath("/cgi-bin/stable_token").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"access_token\":\"MINI-TOKEN\",\"expires_in\":7200}"));
        _app.Departments.Given(WireMock.RequestBuilders.Request.Create().WithPath("/cgi-bin/message/subscribe/send").UsingPost().WithBody(b => b!.Contains("o-subscribed")))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"errcode\":0,\"errmsg\":\"ok\"}"));
        _app.Departments.Given(WireMock.RequestBuilders.Request.Create().WithPath("/cgi-bin/message/subscribe/send").UsingPost().WithBody(b => b!.Contains("o-unsubscribed")))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"errcode\":43101,\"errmsg\":\"user refuse to accept the msg\"}"));

        async Task<string> ReturnedApplicationAsync(string openId, string mobile, int school)
        {
            var phone = _app.NewPhone();
            (await phone.PostAsJsonAsync("/api/parent/sign-in/wechat-mini", new { code = _app.NewWeChatCode(openId) })).EnsureSuccessStatusCode();
            (await phone.PostAsJsonAsync("/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion })).EnsureSuccessStatusCode();
            var form = TestForms.Valid(_county.Id, _county.Schools[school].Id, TestIdentity.ResidentId(new DateOnly(2020, 7, school + 1)), mobile);
            var id = (await (await phone.SubmitAsync(form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await _app.Services.GetRequiredService<Corrections>().ReturnAsync(_county.Schools[school].Id, id, ["child.postcode"], [], "邮编有误", _app.Time.GetUtcNow().AddDays(1), CancellationToken.None);
            return id;
        }

        await ReturnedApplicationAsync("o-subscribed", "13300000001", 0);
        await ReturnedApplicationAsync("o-unsubscribed", "13300000002", 1);

        Assert.Contains("Sent 2 ", await _app.InvokeTimerAsync("SendNotifications"));
        var sends = _app.Departments.LogEntries.Where(e => e.RequestMessage.Path == "/cgi-bin/message/subscribe/send").ToList();
        Assert.Equal(2, sends.Count);
        Assert.All(sends, e => Assert.Contains("WX-TEMPLATE-RETURNED", e.RequestMessage.Body));
        // Each value within what WeChat accepts for its keyword's kind.
        Assert.All(sends, e =>
        {
            var data = JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("data");
            Assert.True(SubscribeMessageValues.IsThing(data.GetProperty("thing1").GetProperty("value").GetString()!));
            Assert.True(SubscribeMessageValues.IsPhrase(data.GetProperty("phrase2").GetProperty("value").GetString()!));
        });
        int TextsTo(string mobile) => _app.Departments.LogEntries.Count(e => e.RequestMessage.Path == "/sms/send" && e.RequestMessage.Body!.Contains(mobile));
        Assert.Equal(0, TextsTo("13300000001"));
        Assert.Equal(1, TextsTo("13300000002"));
    }

    [Fact]
    public async Task AfterTheCorrectionDeadlineTheParentIsToldToCallTheSchool()
    {
        var phone = await _app.NewParentAsync();
        var form = TestForms.Valid(_county.Id, _county.Schools[1].Id, TestIdentity.ResidentId(new DateOnly(2020, 6, 2)));
        var id = (await (await phone.SubmitAsync(form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _app.Services.GetRequiredService<Corrections>().ReturnAsync(_county.Schools[1].Id, id, ["child.postcode"], [], "邮编有误", _app.Time.GetUtcNow().AddHours(1), CancellationToken.None);
        _app.Time.Advance(TimeSpan.FromHours(2));

        var late = await phone.PutAsJsonAsync($"/api/parent/applications/{id}/correction", new { form = form.WithChild(c => c with { Postcode = "033201" }) }, TestForms.Json);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("截止", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
