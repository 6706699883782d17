using Enrollment.Core.Outside;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Outside.Tests;

public sealed class WeChatNotifierTests : IDisposable
{
    private const string OpenId = "oMini_4f8Kx2LqT9";
    private readonly LoopbackServer _wechat = new();
    private readonly OutsideServices _services;
    private readonly Dictionary<string, string> _data = new() { ["thing1"] = "示范县第一小学", ["thing2"] = "请补充房产证明" };

    public WeChatNotifierTests()
    {
        _services = new OutsideServices(WeChatSettings.For(_wechat.Url));
    }

    public void Dispose()
    {
        _services.Dispose();
        _wechat.Dispose();
    }

    private IWeChatNotifier Notifier => _services.Get<IWeChatNotifier>();

    private IReadOnlyList<WireMock.Logging.ILogEntry> Calls(string path) => [.. _wechat.Requests.Where(r => r.RequestMessage.Path == path)];

    private void IssueToken(string token = "TOKEN-1", int expiresIn = 7200) =>
        _wechat.Server.Given(Request.Create().WithPath("/cgi-bin/stable_token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"access_token":"{{token}}","expires_in":{{expiresIn}}}"""));

    private void AnswerSend(int status, string body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        _wechat.Server.Given(Request.Create().WithPath("/cgi-bin/message/subscribe/send").UsingPost())
            .RespondWith(delay is { } d ? response.WithDelay(d) : response);
    }

    [Fact]
    public async Task AMessageGoesOutWithTheMiniProgramsStableTokenAndTheTemplatesData()
    {
        IssueToken();
        // As WeChat answers a send it took: with the message's id.
        AnswerSend(200, """{"errcode":0,"errmsg":"ok","msgid":294402298110051942}""");

        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, "pages/status/index?id=A1", CancellationToken.None);

        Assert.Equal(new SendResult.Sent("294402298110051942"), result);
        var tokenRequest = Assert.Single(Calls("/cgi-bin/stable_token"));
        Assert.Equal("POST", tokenRequest.RequestMessage.Method);
        var tokenBody = LoopbackServer.Json(tokenRequest);
        Assert.Equal("client_credential", tokenBody.GetProperty("grant_type").GetString());
        Assert.Equal("wx-mini", tokenBody.GetProperty("appid").GetString());
        Assert.Equal("mini-secret", tokenBody.GetProperty("secret").GetString());
        Assert.False(tokenBody.GetProperty("force_refresh").GetBoolean());

        var send = Assert.Single(Calls("/cgi-bin/message/subscribe/send"));
        Assert.Equal("POST", send.RequestMessage.Method);
        Assert.Equal("TOKEN-1", Assert.Single(send.RequestMessage.Query!["access_token"]));
        var body = LoopbackServer.Json(send);
        Assert.Equal(OpenId, body.GetProperty("touser").GetString());
        Assert.Equal("tmpl-returned", body.GetProperty("template_id").GetString());
        Assert.Equal("pages/status/index?id=A1", body.GetProperty("page").GetString());
        Assert.Equal("示范县第一小学", body.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
        Assert.Equal("请补充房产证明", body.GetProperty("data").GetProperty("thing2").GetProperty("value").GetString());
        // The released mini program opens, in Chinese.
        Assert.Equal("formal", body.GetProperty("miniprogram_state").GetString());
        Assert.Equal("zh_CN", body.GetProperty("lang").GetString());
    }

    [Fact]
    public async Task TheTokenIsFetchedOnceForManyMessagesAndAMissingPageIsLeftOut()
    {
        IssueToken();
        AnswerSend(200, """{"errcode":0,"errmsg":"ok"}""");

        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<SendResult.Sent>(await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None));
        }

        Assert.Single(Calls("/cgi-bin/stable_token"));
        Assert.Equal(3, Calls("/cgi-bin/message/subscribe/send").Count);
        Assert.False(LoopbackServer.Json(Calls("/cgi-bin/message/subscribe/send")[0]).TryGetProperty("page", out _));
    }

    [Theory]
    [InlineData(43101)]
    [InlineData(40003)]
    [InlineData(40037)]
    [InlineData(47003)]
    [InlineData(41030)]
    public async Task AMessageWeChatWillNotDeliverIsRejectedWithItsErrorCode(int errcode)
    {
        IssueToken();
        AnswerSend(200, $$"""{"errcode":{{errcode}},"errmsg":"user refuse to accept the msg"}""");

        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None);

        var rejected = Assert.IsType<SendResult.Rejected>(result);
        Assert.StartsWith($"{errcode}:", rejected.Reason);
        Assert.Single(Calls("/cgi-bin/message/subscribe/send"));
    }

    [Fact]
    public async Task ATokenWeChatNoLongerAcceptsIsReplacedAndTheMessageSentOnceMore()
    {
        _wechat.Server.Given(Request.Create().WithPath("/cgi-bin/stable_token").UsingPost()).InScenario("token").WillSetStateTo("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"access_token":"TOKEN-1","expires_in":7200}"""));
        _wechat.Server.Given(Request.Create().WithPath("/cgi-bin/stable_token").UsingPost()).InScenario("token").WhenStateIs("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"access_token":"TOKEN-2","expires_in":7200}"""));
        _wechat.Server.Given(Request.Create().WithPath("/cgi-bin/message/subscribe/send").WithParam("access_token", "TOKEN-1").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"errcode":40001,"errmsg":"invalid credential"}"""));
        _wechat.Server.Given(Request.Create().WithPath("/cgi-bin/message/subscribe/send").WithParam("access_token", "TOKEN-2").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"errcode":0,"errmsg":"ok"}"""));

        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None);

        Assert.Equal(new SendResult.Sent(null), result);
        Assert.Equal(2, Calls("/cgi-bin/stable_token").Count);
        Assert.Equal(["TOKEN-1", "TOKEN-2"], Calls("/cgi-bin/message/subscribe/send").Select(c => c.RequestMessage.Query!["access_token"].Single()));
    }

    [Fact]
    public async Task ATokenRefusedTwiceIsUnavailableAfterOneRetry()
    {
        IssueToken();
        AnswerSend(200, """{"errcode":42001,"errmsg":"access_token expired"}""");

        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None);

        Assert.Equal(new SendResult.Unavailable(Unavailability.Refused), result);
        Assert.Equal(2, Calls("/cgi-bin/message/subscribe/send").Count);
    }

    [Theory]
    [InlineData(200, "{\"errcode\":-1,\"errmsg\":\"system error\"}", Unavailability.ServerError)]
    [InlineData(200, "{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}", Unavailability.Throttled)]
    [InlineData(500, "", Unavailability.ServerError)]
    [InlineData(503, "", Unavailability.ServerError)]
    [InlineData(429, "", Unavailability.Throttled)]
    [InlineData(200, "{\"errcode\":", Unavailability.Malformed)]
    [InlineData(200, "", Unavailability.Malformed)]
    [InlineData(200, "{}", Unavailability.Malformed)]
    public async Task ASendThatFailsIsUnavailableAndNotRepeated(int status, string body, Unavailability reason)
    {
        IssueToken();
        AnswerSend(status, body);

        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None);

        Assert.Equal(new SendResult.Unavailable(reason), result);
        Assert.Single(Calls("/cgi-bin/message/subscribe/send"));
    }

    [Fact]
    public async Task ASlowSendIsUnavailableAsTimedOut()
    {
        IssueToken();
        AnswerSend(200, """{"errcode":0,"errmsg":"ok"}""", OutsideServices.SlowAnswer);

        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None);

        Assert.Equal(new SendResult.Unavailable(Unavailability.TimedOut), result);
    }

    [Theory]
    [InlineData("{\"errcode\":40125,\"errmsg\":\"invalid appsecret\"}", Unavailability.Refused)]
    [InlineData("{\"errcode\":-1,\"errmsg\":\"system error\"}", Unavailability.ServerError)]
    [InlineData("{\"access_token\":\"\",\"expires_in\":7200}", Unavailability.Malformed)]
    [InlineData("not json", Unavailability.Malformed)]
    public async Task WithoutATokenNothingIsSent(string tokenAnswer, Unavailability reason)
    {
        _wechat.Server.Given(Request.Create().WithPath("/cgi-bin/stable_token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(tokenAnswer));
        AnswerSend(200, """{"errcode":0,"errmsg":"ok"}""");

        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None);

        Assert.Equal(new SendResult.Unavailable(reason), result);
        Assert.Empty(Calls("/cgi-bin/message/subscribe/send"));
    }

    [Fact]
    public async Task ATemplateWithoutAWeChatIdIsUnavailableWithoutCallingWeChat()
    {
        var result = await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ResultPublished, _data, null, CancellationToken.None);

        Assert.Equal(new SendResult.Unavailable(Unavailability.NotConfigured), result);
        Assert.Empty(_wechat.Requests);
    }

    [Fact]
    public async Task NeitherTheOpenIdNorTheTokenNorTheMessageReachesTheLog()
    {
        IssueToken("TOKEN-SECRET");
        AnswerSend(200, """{"errcode":0,"errmsg":"ok"}""");

        await Notifier.SendSubscribeMessageAsync(OpenId, MessageTemplates.ReturnedForCorrection, _data, null, CancellationToken.None);

        Assert.Contains(_services.Logs.Lines, l => l.Message.StartsWith("WeChat ReturnedForCorrection: Sent (HTTP 200)", StringComparison.Ordinal));
        PersonalData.AssertAbsent(_services.Logs, OpenId, "TOKEN-SECRET", "mini-secret", "示范县第一小学");
    }
}
