using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// WeChat sign-in inside WeChat's browser (official account web authorization) and from the mini
/// program, against WeChat's server API faked with its real answer shapes.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class WeChatSignInTests(LocalEmulators emulators) : IAsyncLifetime
{
    private const string Authorize = "https://open.weixin.qq.com/connect/oauth2/authorize";
    private readonly EnrollmentApp _app = new(emulators);

    public Task InitializeAsync() => _app.CreateCountyAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string NewOpenId() => "o" + Guid.NewGuid().ToString("N")[..27];

    [Fact]
    public async Task TheDomainVerificationFileWeChatAsksForIsServedFromASettingAndNoOtherName()
    {
        await using var app = _app.WithWebHostBuilder(b => b.UseSetting("WeChat:DomainVerificationFile", "MP_verify_Ab12Cd34.txt"));
        var phone = app.CreateClient();

        var file = await phone.GetAsync("/MP_verify_Ab12Cd34.txt");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/plain", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Ab12Cd34", await file.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync("/MP_verify_Other99.txt")).StatusCode);
        // Without the setting nothing is there.
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync("/MP_verify_Ab12Cd34.txt")).StatusCode);
    }

    [Fact]
    public async Task TheSignInLinkSendsThePhoneToWeChatWithTheAppIdTheBaseScopeTheCallbackAndAState()
    {
        var response = await _app.NewPhone().GetAsync("/api/parent/sign-in/wechat?returnUrl=/status");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(Authorize + "?appid=", location);
        Assert.EndsWith("#wechat_redirect", location);
        Assert.Contains("redirect_uri=http%3A%2F%2Flocalhost%2Fapi%2Fparent%2Fsign-in%2Fwechat%2Fcallback&", location);
        var query = AuthorizeQuery(response);
        Assert.Equal(EnrollmentApp.WeChatAppId, query["appid"]);
        Assert.Equal("http://localhost/api/parent/sign-in/wechat/callback", query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("snsapi_base", query["scope"]);
        Assert.Matches("^[0-9a-f]{48}$", query["state"].ToString());

        var stateCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("enrollment_wechat_state=", StringComparison.Ordinal));
        Assert.Contains("httponly", stateCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", stateCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=600", stateCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(query["state"].ToString(), stateCookie);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task TheCallbackAddressComesFromThePublicBaseUrlAndTheAuthorizePageFromConfiguration()
    {
        using var configured = _app.WithWebHostBuilder(b => b
            .UseSetting("Enrollment:PublicBaseUrl", "https://zs.example.gov.cn/")
            .UseSetting("WeChat:AuthorizeUrl", "https://wx-proxy.example/connect/oauth2/authorize"));

        var response = await configured.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/parent/sign-in/wechat");

        Assert.StartsWith("https://wx-proxy.example/connect/oauth2/authorize?appid=", response.Headers.Location!.OriginalString);
        Assert.Equal("https://zs.example.gov.cn/api/parent/sign-in/wechat/callback", AuthorizeQuery(response)["redirect_uri"]);
    }

    [Fact]
    public async Task WeChatsRedirectBackWithTheRightStateSignsInAndReturnsToThePage()
    {
        var phone = _app.NewPhone();
        var openId = NewOpenId();
        var code = _app.NewWeChatCode(openId);
        var state = await StartAsync(phone, "/status?application=a1");

        var callback = await phone.GetAsync($"/api/parent/sign-in/wechat/callback?code={code}&state={state}");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/status?application=a1", callback.Headers.Location!.OriginalString);
        var cookies = string.Join("\n", callback.Headers.GetValues("Set-Cookie"));
        Assert.Contains("enrollment_session=", cookies);
        Assert.DoesNotContain(openId, cookies);
        var me = await phone.GetAsync("/api/parent/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("WeChat", body.GetProperty("method").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("mobileMasked").ValueKind);

        // The state is spent: the same callback again (a reload, or someone replaying it) does nothing.
        var replayed = await phone.GetAsync($"/api/parent/sign-in/wechat/callback?code={code}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
    }

    [Fact]
    public async Task TheSameOpenIdSignsIntoTheSameAccountEveryTime()
    {
        var openId = NewOpenId();
        var firstPhone = await SignInOnWebAsync(openId);
        (await firstPhone.PostAsJsonAsync("/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion })).EnsureSuccessStatusCode();

        var secondPhone = await SignInOnWebAsync(openId);
        var me = await secondPhone.GetFromJsonAsync<JsonElement>("/api/parent/me");
        Assert.False(me.GetProperty("consentRequired").GetBoolean());

        var someoneElse = await SignInOnWebAsync(NewOpenId());
        Assert.True((await someoneElse.GetFromJsonAsync<JsonElement>("/api/parent/me")).GetProperty("consentRequired").GetBoolean());
    }

    [Fact]
    public async Task WithAUnionIdTheWebPageAndTheMiniProgramShareOneAccountAndMessagesGoToTheMiniProgram()
    {
        var unionId = "union-" + Guid.NewGuid().ToString("N");
        var web = await SignInOnWebAsync(NewOpenId(), unionId);
        (await web.PostAsJsonAsync("/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion })).EnsureSuccessStatusCode();

        var miniOpenId = NewOpenId();
        var miniProgram = _app.NewPhone();
        (await miniProgram.PostAsJsonAsync("/api/parent/sign-in/wechat-mini", new { code = _app.NewWeChatCode(miniOpenId, unionId) })).EnsureSuccessStatusCode();

        // The consent given on the web page is the mini program's too: one account.
        Assert.False((await miniProgram.GetFromJsonAsync<JsonElement>("/api/parent/me")).GetProperty("consentRequired").GetBoolean());
        var protector = _app.Services.GetRequiredService<Core.Security.PersonalDataProtector>();
        var account = await _app.Services.GetRequiredService<Core.Parents.ParentAccounts>()
            .GetAsync(protector.AccountId(Core.Parents.SignInMethod.WeChat, "union:" + unionId), CancellationToken.None);
        Assert.Equal(miniOpenId, protector.Decrypt(account!.NotifyOpenIdEncrypted!));

        var withoutUnion = await SignInOnWebAsync(NewOpenId());
        Assert.True((await withoutUnion.GetFromJsonAsync<JsonElement>("/api/parent/me")).GetProperty("consentRequired").GetBoolean());
    }

    [Theory]
    [InlineData("wrong state")]
    [InlineData("no state")]
    [InlineData("another phone's state")]
    [InlineData("state older than ten minutes")]
    public async Task ACallbackWhoseStateIsNotThisPhonesIsRefusedAndNobodyIsSignedIn(string situation)
    {
        var phone = _app.NewPhone();
        var code = _app.NewWeChatCode(NewOpenId());
        var state = await StartAsync(phone, "/");
        var url = situation switch
        {
            "wrong state" => $"/api/parent/sign-in/wechat/callback?code={code}&state={new string('0', 48)}",
            "no state" => $"/api/parent/sign-in/wechat/callback?code={code}",
            _ => $"/api/parent/sign-in/wechat/callback?code={code}&state={state}",
        };
        if (situation == "another phone's state")
        {
            phone = _app.NewPhone();
            await StartAsync(phone, "/");
        }
        else if (situation == "state older than ten minutes")
        {
            _app.Time.Advance(TimeSpan.FromMinutes(11));
        }

        var callback = await phone.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal("application/problem+json", callback.Content.Headers.ContentType?.MediaType);
        Assert.Contains("重新打开报名页面", await callback.Content.ReadAsStringAsync());
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("enrollment_session=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/parent/me")).StatusCode);
        Assert.DoesNotContain(_app.Departments.LogEntries, e => e.RequestMessage.Path == "/sns/oauth2/access_token");
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("evil.example")]
    [InlineData("")]
    public async Task AReturnAddressOffThisSiteFallsBackToTheEntryPage(string returnUrl)
    {
        var phone = _app.NewPhone();
        var code = _app.NewWeChatCode(NewOpenId());
        var state = await StartAsync(phone, returnUrl);

        var callback = await phone.GetAsync($"/api/parent/sign-in/wechat/callback?code={code}&state={state}");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ACodeWeChatNoLongerAcceptsAsksTheParentToReopenThePage()
    {
        var phone = _app.NewPhone();
        var code = "0" + Guid.NewGuid().ToString("N")[..31];
        _app.WeChatAnswers(code, 200, """{"errcode":40029,"errmsg":"invalid code, rid: 6650a2e1-1b2c3d4e-5f6a7b8c"}""");
        var state = await StartAsync(phone, "/");

        var callback = await phone.GetAsync($"/api/parent/sign-in/wechat/callback?code={code}&state={state}");

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        var problem = await callback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:wechat-code-rejected", problem.GetProperty("type").GetString());
        Assert.Contains("请关闭本页面，重新打开报名页面后再登录", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/parent/me")).StatusCode);
    }

    [Fact]
    public async Task ASnapshotPageVisitorIsAskedToOpenTheFullPageAndNoAccountIsMadeForTheVirtualOpenId()
    {
        var phone = _app.NewPhone();
        var code = "0" + Guid.NewGuid().ToString("N")[..31];
        // As WeChat answers snsapi_base for a visitor of a Moments snapshot page: a virtual openid, flagged.
        _app.WeChatAnswers(code, 200, """{"access_token":"ACCESS","expires_in":7200,"refresh_token":"REFRESH","openid":"o-virtual-snapshot","scope":"snsapi_base","is_snapshotuser":1}""");
        var state = await StartAsync(phone, "/");

        var callback = await phone.GetAsync($"/api/parent/sign-in/wechat/callback?code={code}&state={state}");

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        var problem = await callback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:wechat-snapshot-user", problem.GetProperty("type").GetString());
        Assert.Contains("完整页面", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/parent/me")).StatusCode);
    }

    [Fact]
    public async Task WeChatBeingDownIsA503WithRetryAfterAndACalmWord()
    {
        var phone = _app.NewPhone();
        var code = "0" + Guid.NewGuid().ToString("N")[..31];
        _app.WeChatAnswers(code, 503, "Service Unavailable");
        var state = await StartAsync(phone, "/");

        var callback = await phone.GetAsync($"/api/parent/sign-in/wechat/callback?code={code}&state={state}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, callback.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), callback.Headers.RetryAfter?.Delta);
        var problem = await callback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:wechat-unavailable", problem.GetProperty("type").GetString());
        Assert.Contains("提交先后不影响录取", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/parent/me")).StatusCode);
    }

    [Fact]
    public async Task TheMiniProgramSignsInWithItsCodeAndTheSessionKeyNeverLeavesTheServer()
    {
        var miniProgram = _app.NewPhone();
        var openId = NewOpenId();
        var code = _app.NewWeChatCode(openId);

        var response = await miniProgram.PostAsJsonAsync("/api/parent/sign-in/wechat-mini", new { code });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("WeChatMiniProgram", JsonDocument.Parse(body).RootElement.GetProperty("method").GetString());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("enrollment_session=", StringComparison.Ordinal));
        var everything = body + string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")));
        Assert.DoesNotContain(EnrollmentApp.WeChatSessionKey, everything);
        Assert.DoesNotContain(Uri.EscapeDataString(EnrollmentApp.WeChatSessionKey), everything);
        Assert.DoesNotContain(openId, everything);
        var exchange = Assert.Single(_app.Departments.LogEntries, e => e.RequestMessage.Path == "/sns/jscode2session").RequestMessage;
        Assert.Equal(code, Assert.Single(exchange.Query!["js_code"]));
        Assert.Equal("WeChatMiniProgram", (await miniProgram.GetFromJsonAsync<JsonElement>("/api/parent/me")).GetProperty("method").GetString());
    }

    [Fact]
    public async Task AMiniProgramCodeWeChatRefusesAsksToEnterTheMiniProgramAgain()
    {
        var refused = await _app.NewPhone().PostAsJsonAsync("/api/parent/sign-in/wechat-mini", new { code = "0" + Guid.NewGuid().ToString("N")[..31] });
        var empty = await _app.NewPhone().PostAsJsonAsync("/api/parent/sign-in/wechat-mini", new { code = "" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("请退出小程序后重新进入", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Single(_app.Departments.LogEntries, e => e.RequestMessage.Path == "/sns/jscode2session");
    }

    [Fact]
    public async Task WithoutWeChatConfiguredTheRoutesAre404AndThePageIsToldSo()
    {
        Assert.True((await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/public/config")).GetProperty("weChatSignIn").GetBoolean());
        using var withoutWeChat = _app.WithWebHostBuilder(b => b
            .UseSetting("WeChat:AppId", "").UseSetting("WeChat:AppSecret", "")
            .UseSetting("WeChat:MiniProgram:AppId", "").UseSetting("WeChat:MiniProgram:AppSecret", ""));
        var phone = withoutWeChat.CreateClient(new() { AllowAutoRedirect = false });

        var start = await phone.GetAsync("/api/parent/sign-in/wechat?returnUrl=/");
        var callback = await phone.GetAsync("/api/parent/sign-in/wechat/callback?code=abc&state=def");
        var mini = await phone.PostAsJsonAsync("/api/parent/sign-in/wechat-mini", new { code = "abc" });

        foreach (var response in new[] { start, callback, mini })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("暂未开通微信登录", await response.Content.ReadAsStringAsync());
        }

        Assert.False((await phone.GetFromJsonAsync<JsonElement>("/api/public/config")).GetProperty("weChatSignIn").GetBoolean());
        Assert.DoesNotContain(_app.Departments.LogEntries, e => e.RequestMessage.Path.StartsWith("/sns/", StringComparison.Ordinal));
    }

    /// <summary>Opens the sign-in link on this phone, as the entry page would, and returns the state WeChat will hand back.</summary>
    private static async Task<string> StartAsync(HttpClient phone, string returnUrl)
    {
        var response = await phone.GetAsync("/api/parent/sign-in/wechat?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return AuthorizeQuery(response)["state"].ToString();
    }

    private async Task<HttpClient> SignInOnWebAsync(string openId, string? unionId = null)
    {
        var phone = _app.NewPhone();
        var state = await StartAsync(phone, "/");
        var callback = await phone.GetAsync($"/api/parent/sign-in/wechat/callback?code={_app.NewWeChatCode(openId, unionId)}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return phone;
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> AuthorizeQuery(HttpResponseMessage redirect)
    {
        var location = redirect.Headers.Location!.OriginalString;
        var query = location[(location.IndexOf('?') + 1)..location.IndexOf('#')];
        return QueryHelpers.ParseQuery(query);
    }
}
