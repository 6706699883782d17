using Enrollment.Core.Outside;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Outside.Tests;

public sealed class WeChatSignInTests : IDisposable
{
    private const string OpenId = "oWeb_4f8Kx2LqT9";
    private const string Code = "061Abc0w3mU8mX2Yz";
    private readonly LoopbackServer _wechat = new();
    private readonly OutsideServices _services;

    public WeChatSignInTests()
    {
        _services = new OutsideServices(WeChatSettings.For(_wechat.Url));
    }

    public void Dispose()
    {
        _services.Dispose();
        _wechat.Dispose();
    }

    private IWeChatSignIn SignIn => _services.Get<IWeChatSignIn>();

    private void Answer(string path, int status, string body, string contentType = "application/json", TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        _wechat.Server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(delay is { } d ? response.WithDelay(d) : response);
    }

    [Fact]
    public async Task AWebCodeIsExchangedWithTheOfficialAccountsCredentialsForTheOpenIdAndUnionId()
    {
        Answer("/sns/oauth2/access_token", 200,
            $$"""{"access_token":"ACCESS","expires_in":7200,"refresh_token":"REFRESH","openid":"{{OpenId}}","scope":"snsapi_base","unionid":"uUnion1"}""");

        var result = await SignIn.ExchangeWebCodeAsync(Code, CancellationToken.None);

        Assert.Equal(new WeChatSignInResult.SignedIn(OpenId, "uUnion1"), result);
        var request = _wechat.SingleRequest().RequestMessage;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/sns/oauth2/access_token", request.Path);
        Assert.Equal("wx-web", Assert.Single(request.Query!["appid"]));
        Assert.Equal("web-secret", Assert.Single(request.Query["secret"]));
        Assert.Equal(Code, Assert.Single(request.Query["code"]));
        Assert.Equal("authorization_code", Assert.Single(request.Query["grant_type"]));
        Assert.Equal(4, request.Query.Count);
    }

    [Fact]
    public async Task AMiniProgramCodeIsExchangedAndTheSessionKeyStaysBehind()
    {
        // jscode2session really answers with text/plain.
        Answer("/sns/jscode2session", 200, """{"openid":"oMini_9","session_key":"SESSIONKEY+abc=="}""", "text/plain");

        var result = await SignIn.ExchangeMiniProgramCodeAsync(Code, CancellationToken.None);

        Assert.Equal(new WeChatSignInResult.SignedIn("oMini_9", null), result);
        var request = _wechat.SingleRequest().RequestMessage;
        Assert.Equal("/sns/jscode2session", request.Path);
        Assert.Equal("wx-mini", Assert.Single(request.Query!["appid"]));
        Assert.Equal("mini-secret", Assert.Single(request.Query["secret"]));
        Assert.Equal(Code, Assert.Single(request.Query["js_code"]));
        Assert.Equal("authorization_code", Assert.Single(request.Query["grant_type"]));
        Assert.DoesNotContain("SESSIONKEY", result.ToString());
        PersonalData.AssertAbsent(_services.Logs, "SESSIONKEY", "oMini_9");
    }

    [Theory]
    [InlineData(40029)]
    [InlineData(40163)]
    [InlineData(41008)]
    [InlineData(40226)]
    public async Task ACodeWeChatRefusesIsRejectedSoThePageAsksAgain(int errcode)
    {
        Answer("/sns/oauth2/access_token", 200, $$"""{"errcode":{{errcode}},"errmsg":"invalid code, rid: 1"}""");

        Assert.Equal(new WeChatSignInResult.CodeRejected(errcode), await SignIn.ExchangeWebCodeAsync(Code, CancellationToken.None));
    }

    [Theory]
    [InlineData(-1, Unavailability.ServerError)]
    [InlineData(45011, Unavailability.Throttled)]
    [InlineData(40125, Unavailability.Refused)]
    [InlineData(40013, Unavailability.Refused)]
    [InlineData(40164, Unavailability.Refused)]
    public async Task OtherErrorCodesAreUnavailable(int errcode, Unavailability reason)
    {
        Answer("/sns/jscode2session", 200, $$"""{"errcode":{{errcode}},"errmsg":"x"}""");

        Assert.Equal(new WeChatSignInResult.Unavailable(reason), await SignIn.ExchangeMiniProgramCodeAsync(Code, CancellationToken.None));
    }

    [Theory]
    [InlineData(500, "", Unavailability.ServerError)]
    [InlineData(503, "{}", Unavailability.ServerError)]
    [InlineData(429, "", Unavailability.Throttled)]
    [InlineData(200, "{\"openid\":", Unavailability.Malformed)]
    [InlineData(200, "", Unavailability.Malformed)]
    [InlineData(200, "{\"errcode\":0}", Unavailability.Malformed)]
    [InlineData(200, "<html>502 Bad Gateway</html>", Unavailability.Malformed)]
    public async Task AnswersWithoutAnOpenIdAreUnavailable(int status, string body, Unavailability reason)
    {
        Answer("/sns/oauth2/access_token", status, body);

        Assert.Equal(new WeChatSignInResult.Unavailable(reason), await SignIn.ExchangeWebCodeAsync(Code, CancellationToken.None));
    }

    [Fact]
    public async Task ASnapshotPageVisitorsVirtualOpenIdIsNeverTakenForAUser()
    {
        Answer("/sns/oauth2/access_token", 200, """{"access_token":"A","expires_in":7200,"refresh_token":"R","openid":"o-virtual","scope":"snsapi_base","is_snapshotuser":1}""");

        Assert.IsType<WeChatSignInResult.SnapshotUser>(await SignIn.ExchangeWebCodeAsync(Code, CancellationToken.None));
    }

    [Theory]
    [InlineData("/sns/oauth2/access_token", false)]
    [InlineData("/sns/jscode2session", true)]
    public async Task ASingleUseCodeIsSentOnceEvenWhenItsAnswerIsLost(string path, bool miniProgram)
    {
        // A retry would get 40163 (code been used) had WeChat taken the code: the parent is asked to try again instead.
        Answer(path, 503, "");

        var result = miniProgram ? await SignIn.ExchangeMiniProgramCodeAsync(Code, CancellationToken.None) : await SignIn.ExchangeWebCodeAsync(Code, CancellationToken.None);

        Assert.IsType<WeChatSignInResult.Unavailable>(result);
        Assert.Single(_wechat.Server.LogEntries, e => e.RequestMessage.Path == path);
    }

    [Fact]
    public async Task ASlowAnswerIsUnavailableAsTimedOut()
    {
        Answer("/sns/oauth2/access_token", 200, $$"""{"openid":"{{OpenId}}"}""", delay: OutsideServices.SlowAnswer);

        Assert.Equal(new WeChatSignInResult.Unavailable(Unavailability.TimedOut), await SignIn.ExchangeWebCodeAsync(Code, CancellationToken.None));
    }

    [Fact]
    public async Task AnAppWithoutCredentialsIsUnavailableWithoutCallingWeChat()
    {
        using var services = new OutsideServices(new Dictionary<string, string?> { ["WeChat:BaseUrl"] = _wechat.Url });

        var web = await services.Get<IWeChatSignIn>().ExchangeWebCodeAsync(Code, CancellationToken.None);
        var mini = await services.Get<IWeChatSignIn>().ExchangeMiniProgramCodeAsync(Code, CancellationToken.None);

        Assert.Equal(new WeChatSignInResult.Unavailable(Unavailability.NotConfigured), web);
        Assert.Equal(web, mini);
        Assert.Empty(_wechat.Requests);
    }

    [Fact]
    public async Task NeitherTheOpenIdNorTheCodeNorTheSecretReachesTheLog()
    {
        Answer("/sns/oauth2/access_token", 200, $$"""{"openid":"{{OpenId}}","unionid":"uUnion1"}""");

        await SignIn.ExchangeWebCodeAsync(Code, CancellationToken.None);

        Assert.Contains(_services.Logs.Lines, l => l.Message.StartsWith("WeChat WebCode: SignedIn (HTTP 200)", StringComparison.Ordinal));
        PersonalData.AssertAbsent(_services.Logs, OpenId, "uUnion1", Code, "web-secret");
    }
}

public static class WeChatSettings
{
    public static Dictionary<string, string?> For(string baseUrl) => new()
    {
        ["WeChat:BaseUrl"] = baseUrl,
        ["WeChat:AppId"] = "wx-web",
        ["WeChat:AppSecret"] = "web-secret",
        ["WeChat:MiniProgram:AppId"] = "wx-mini",
        ["WeChat:MiniProgram:AppSecret"] = "mini-secret",
        ["WeChat:Templates:ReturnedForCorrection"] = "tmpl-returned",
    };
}
