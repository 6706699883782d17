using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Enrollment.Functions.Tests;

/// <summary>Mobile number + texted code, for guardians outside WeChat, against a faked SMS gateway.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SmsSignInTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);

    public Task InitializeAsync() => _app.CreateCountyAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string NewMobile() => "135" + Random.Shared.Next(0, 100_000_000).ToString("D8");

    [Fact]
    public async Task TheTextedCodeSignsInOnceAndOnlyOnce()
    {
        var phone = _app.NewPhone();
        var mobile = NewMobile();
        var sent = await phone.PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var code = _app.LastCodeSentTo(mobile);
        Assert.Matches("^[0-9]{6}$", code);

        var signedIn = await phone.PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile, code });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("Sms", (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("method").GetString());
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/parent/me")).StatusCode);

        var replayed = await _app.NewPhone().PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile, code });
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("重新获取", (await replayed.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task WrongCodesCountDownAndThenTheCodeIsDead()
    {
        var phone = _app.NewPhone();
        var mobile = NewMobile();
        await phone.PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile });
        var code = _app.LastCodeSentTo(mobile);
        var wrong = code == "000000" ? "111111" : "000000";

        var first = await phone.PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile, code = wrong });
        Assert.Contains("还可以再试4次", await first.Content.ReadAsStringAsync());
        for (var i = 0; i < 4; i++)
        {
            await phone.PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile, code = wrong });
        }

        var right = await phone.PostAsJsonAsync("/api/parent/sign-in/sms", new { mobile, code });
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
    }

    [Fact]
    public async Task ASecondCodeWithinAMinuteIsRefusedWithRetryAfter()
    {
        var mobile = NewMobile();
        await _app.NewPhone().PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile });

        var again = await _app.NewPhone().PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile });

        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.NotNull(again.Headers.RetryAfter);
        _app.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Accepted, (await _app.NewPhone().PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile })).StatusCode);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("<script>")]
    [InlineData("")]
    public async Task ABadNumberIsExplained(string mobile)
    {
        var response = await _app.NewPhone().PostAsJsonAsync("/api/parent/sign-in/sms/code", new { mobile });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("11位手机号码", await response.Content.ReadAsStringAsync());
    }
}
