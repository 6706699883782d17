using Enrollment.Core.Outside;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Outside.Tests;

public sealed class SmsGatewayTests : IDisposable
{
    private const string Mobile = "13800138000";
    private readonly LoopbackServer _provider = new();
    private readonly OutsideServices _services;
    private readonly Dictionary<string, string> _code = new() { ["code"] = "246810" };

    public SmsGatewayTests()
    {
        _services = new OutsideServices(new Dictionary<string, string?>
        {
            ["Sms:BaseUrl"] = _provider.Url,
            ["Sms:ApiKey"] = "sms-key",
            ["Sms:SignName"] = "示范县教育局",
            ["Sms:Templates:SignInCode"] = "SMS_0001",
        });
    }

    public void Dispose()
    {
        _services.Dispose();
        _provider.Dispose();
    }

    private ISmsGateway Sms => _services.Get<ISmsGateway>();

    private void Answer(int status, string body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        _provider.Server.Given(Request.Create().WithPath("/sms/send").UsingPost())
            .RespondWith(delay is { } d ? response.WithDelay(d) : response);
    }

    [Fact]
    public async Task SendsTheNumberSignatureProviderTemplateIdAndParameters()
    {
        Answer(200, """{"accepted":true,"messageId":"m-1"}""");

        var result = await Sms.SendAsync($" {Mobile} ", MessageTemplates.SignInCode, _code, CancellationToken.None);

        Assert.Equal(new SendResult.Sent("m-1"), result);
        var request = _provider.SingleRequest().RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/sms/send", request.Path);
        Assert.Equal("sms-key", Assert.Single(request.Headers!["X-Api-Key"]));
        var body = LoopbackServer.Json(_provider.SingleRequest());
        Assert.Equal(Mobile, body.GetProperty("mobile").GetString());
        Assert.Equal("示范县教育局", body.GetProperty("signName").GetString());
        Assert.Equal("SMS_0001", body.GetProperty("templateId").GetString());
        Assert.Equal("246810", body.GetProperty("parameters").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ARefusalInTheAnswerIsRejectedWithTheProvidersCode()
    {
        Answer(200, """{"accepted":false,"code":"MOBILE_NUMBER_ILLEGAL","message":"invalid number"}""");

        Assert.Equal(new SendResult.Rejected("MOBILE_NUMBER_ILLEGAL"), await Sms.SendAsync(Mobile, MessageTemplates.SignInCode, _code, CancellationToken.None));
    }

    [Theory]
    [InlineData(400, """{"code":"TEMPLATE_PARAMS_ILLEGAL","message":"bad"}""", "TEMPLATE_PARAMS_ILLEGAL")]
    [InlineData(422, """{"message":"number on blacklist"}""", "number on blacklist")]
    [InlineData(400, "not json", "HTTP 400")]
    public async Task ABadRequestIsRejectedWithWhatTheProviderSaid(int status, string body, string reason)
    {
        Answer(status, body);

        Assert.Equal(new SendResult.Rejected(reason), await Sms.SendAsync(Mobile, MessageTemplates.SignInCode, _code, CancellationToken.None));
    }

    [Theory]
    [InlineData(500, "{}", Unavailability.ServerError)]
    [InlineData(503, "", Unavailability.ServerError)]
    [InlineData(429, "", Unavailability.Throttled)]
    [InlineData(403, "", Unavailability.Refused)]
    [InlineData(200, "{\"accepted\":tr", Unavailability.Malformed)]
    [InlineData(200, "", Unavailability.Malformed)]
    [InlineData(200, "{}", Unavailability.Malformed)]
    public async Task EveryOtherAnswerIsUnavailableWithItsReason(int status, string body, Unavailability reason)
    {
        Answer(status, body);

        Assert.Equal(new SendResult.Unavailable(reason), await Sms.SendAsync(Mobile, MessageTemplates.SignInCode, _code, CancellationToken.None));
    }

    [Fact]
    public async Task AFailedSendIsNotRetriedSoNoParentGetsTheSameTextTwice()
    {
        Answer(503, "");

        await Sms.SendAsync(Mobile, MessageTemplates.SignInCode, _code, CancellationToken.None);

        Assert.Single(_provider.Requests);
    }

    [Fact]
    public async Task ASlowProviderIsUnavailableAsTimedOut()
    {
        Answer(200, """{"accepted":true}""", OutsideServices.SlowAnswer);

        Assert.Equal(new SendResult.Unavailable(Unavailability.TimedOut), await Sms.SendAsync(Mobile, MessageTemplates.SignInCode, _code, CancellationToken.None));
    }

    [Fact]
    public async Task ATemplateWithoutAProviderIdIsUnavailableAndSaysSoOnce()
    {
        var first = await Sms.SendAsync(Mobile, MessageTemplates.ResultPublished, _code, CancellationToken.None);
        await Sms.SendAsync(Mobile, MessageTemplates.ResultPublished, _code, CancellationToken.None);

        Assert.Equal(new SendResult.Unavailable(Unavailability.NotConfigured), first);
        Assert.Empty(_provider.Requests);
        Assert.Contains("Sms:Templates:ResultPublished", Assert.Single(_services.Logs.Lines, l => l.EventId == 4101).Message);
    }

    [Fact]
    public async Task WithoutABaseUrlItIsUnavailable()
    {
        using var services = new OutsideServices(new Dictionary<string, string?> { ["Sms:Templates:SignInCode"] = "SMS_0001" });

        Assert.Equal(
            new SendResult.Unavailable(Unavailability.NotConfigured),
            await services.Get<ISmsGateway>().SendAsync(Mobile, MessageTemplates.SignInCode, _code, CancellationToken.None));
    }

    [Fact]
    public async Task NeitherTheNumberNorTheCodeReachesTheLog()
    {
        Answer(200, """{"accepted":true,"messageId":"m-1"}""");

        await Sms.SendAsync(Mobile, MessageTemplates.SignInCode, _code, CancellationToken.None);

        Assert.Contains(_services.Logs.Lines, l => l.Message.StartsWith("Sms SignInCode: Sent (HTTP 200)", StringComparison.Ordinal));
        PersonalData.AssertAbsent(_services.Logs, Mobile, "246810", "sms-key");
    }
}
