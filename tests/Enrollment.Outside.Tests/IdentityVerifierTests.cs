using Enrollment.Core.Outside;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Outside.Tests;

public sealed class IdentityVerifierTests : IDisposable
{
    private const string Name = "阿依古丽·买买提";
    private const string IdNumber = "34052419800101001X";
    private readonly LoopbackServer _provider = new();
    private readonly OutsideServices _services;

    public IdentityVerifierTests()
    {
        _services = new OutsideServices(new Dictionary<string, string?>
        {
            ["IdentityVerification:BaseUrl"] = _provider.Url,
            ["IdentityVerification:ApiKey"] = "identity-key",
        });
    }

    public void Dispose()
    {
        _services.Dispose();
        _provider.Dispose();
    }

    private IIdentityVerifier Verifier => _services.Get<IIdentityVerifier>();

    private void Answer(int status, string body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        _provider.Server.Given(Request.Create().WithPath("/identity/verify").UsingPost())
            .RespondWith(delay is { } d ? response.WithDelay(d) : response);
    }

    [Fact]
    public async Task SendsNameAndNumberWithTheKeyAndAMatchIsVerified()
    {
        Answer(200, """{"matched":true}""");

        var check = await Verifier.VerifyAsync(Name, IdNumber.ToLowerInvariant(), CancellationToken.None);

        Assert.IsType<IdentityCheck.Verified>(check);
        var request = _provider.SingleRequest().RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/identity/verify", request.Path);
        Assert.Equal("identity-key", Assert.Single(request.Headers!["X-Api-Key"]));
        var body = LoopbackServer.Json(_provider.SingleRequest());
        Assert.Equal(Name, body.GetProperty("name").GetString());
        Assert.Equal(IdNumber, body.GetProperty("idNumber").GetString());
        Assert.Equal(2, body.EnumerateObject().Count());
    }

    [Fact]
    public async Task ANameThatDoesNotBelongToTheNumberIsAMismatch()
    {
        Answer(200, """{"matched":false}""");

        Assert.IsType<IdentityCheck.Mismatch>(await Verifier.VerifyAsync(Name, IdNumber, CancellationToken.None));
    }

    [Theory]
    [InlineData(500, "{}", Unavailability.ServerError)]
    [InlineData(503, "", Unavailability.ServerError)]
    [InlineData(429, "", Unavailability.Throttled)]
    [InlineData(401, "", Unavailability.Refused)]
    [InlineData(200, "{\"matched\":", Unavailability.Malformed)]
    [InlineData(200, "", Unavailability.Malformed)]
    [InlineData(200, "{\"result\":\"ok\"}", Unavailability.Malformed)]
    public async Task EveryOtherAnswerIsUnavailableWithItsReason(int status, string body, Unavailability reason)
    {
        Answer(status, body);

        Assert.Equal(new IdentityCheck.Unavailable(reason), await Verifier.VerifyAsync(Name, IdNumber, CancellationToken.None));
    }

    [Fact]
    public async Task ASlowProviderIsUnavailableAsTimedOut()
    {
        Answer(200, """{"matched":true}""", OutsideServices.SlowAnswer);

        Assert.Equal(new IdentityCheck.Unavailable(Unavailability.TimedOut), await Verifier.VerifyAsync(Name, IdNumber, CancellationToken.None));
    }

    [Fact]
    public async Task WithoutABaseUrlItIsUnavailableWithoutCallingAnyone()
    {
        using var services = new OutsideServices(new Dictionary<string, string?>());

        var check = await services.Get<IIdentityVerifier>().VerifyAsync(Name, IdNumber, CancellationToken.None);

        Assert.Equal(new IdentityCheck.Unavailable(Unavailability.NotConfigured), check);
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task NeitherTheNameNorTheNumberReachesTheLog()
    {
        Answer(200, """{"matched":false}""");

        await Verifier.VerifyAsync(Name, IdNumber, CancellationToken.None);

        Assert.Contains(_services.Logs.Lines, l => l.Message.StartsWith("IdentityVerification Verify: Mismatch (HTTP 200)", StringComparison.Ordinal));
        PersonalData.AssertAbsent(_services.Logs, Name, IdNumber, "identity-key");
    }
}
