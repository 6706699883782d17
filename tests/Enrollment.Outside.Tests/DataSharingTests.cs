using System.Net;
using Enrollment.Core.Outside;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Outside.Tests;

public sealed class DataSharingTests : IDisposable
{
    private const string Name = "李大明";
    private const string IdNumber = "11010519491231002X";
    private const string Address = "示范县城关镇幸福路1号";
    private readonly LoopbackServer _source = new();
    private OutsideServices? _services;

    public void Dispose()
    {
        _services?.Dispose();
        _source.Dispose();
    }

    private IDataSharing Sharing(FactKind kind = FactKind.HouseholdRegistration, string? baseUrl = null)
    {
        _services = new OutsideServices(new Dictionary<string, string?>
        {
            [$"DataSharing:Sources:{kind}:BaseUrl"] = baseUrl ?? _source.Url + "/gateway",
            [$"DataSharing:Sources:{kind}:ApiKey"] = "source-key",
        });
        return _services.Get<IDataSharing>();
    }

    private void Answer(string path, int status, string? body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json");
        if (body is not null)
        {
            response = response.WithBody(body);
        }

        if (delay is { } d)
        {
            response = response.WithDelay(d);
        }

        _source.Server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(response);
    }

    [Theory]
    [InlineData(FactKind.HouseholdRegistration, "/gateway/household/verify", true)]
    [InlineData(FactKind.PropertyRegistration, "/gateway/property/verify", true)]
    [InlineData(FactKind.SaleContract, "/gateway/sale-contract/verify", true)]
    [InlineData(FactKind.RentalFiling, "/gateway/rental-filing/verify", true)]
    [InlineData(FactKind.ResidencePermit, "/gateway/residence-permit/verify", true)]
    [InlineData(FactKind.SocialInsurance, "/gateway/social-insurance/verify", false)]
    [InlineData(FactKind.BusinessLicence, "/gateway/business-licence/verify", true)]
    [InlineData(FactKind.EnterpriseRegistration, "/gateway/enterprise-registration/verify", true)]
    public async Task EachSourceIsAskedWithItsOwnPathKeyAndJsonBody(FactKind kind, string path, bool sendsAddress)
    {
        Answer(path, 200, """{"matched":true,"reference":"REF-1"}""");

        var check = await Sharing(kind).CheckAsync(new FactClaim(kind, $" {Name} ", "11010519491231002x", Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Matched("REF-1"), check);
        var request = _source.SingleRequest().RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal("source-key", Assert.Single(request.Headers!["X-Api-Key"]));
        Assert.StartsWith("application/json", request.Headers["Content-Type"].Single());
        var body = LoopbackServer.Json(_source.SingleRequest());
        Assert.Equal(Name, body.GetProperty("name").GetString());
        Assert.Equal(IdNumber, body.GetProperty("idNumber").GetString());
        Assert.Equal(sendsAddress, body.TryGetProperty("address", out var address));
        if (sendsAddress)
        {
            Assert.Equal(Address, address.GetString());
        }
    }

    [Fact]
    public async Task ASourceThatHoldsNoSuchFactAnswersNotMatched()
    {
        Answer("/gateway/household/verify", 200, """{"matched":false}""");

        var check = await Sharing().CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.IsType<FactCheck.NotMatched>(check);
    }

    [Fact]
    public async Task AMatchWithoutAReferenceIsStillAMatch()
    {
        Answer("/gateway/household/verify", 200, """{"matched":true}""");

        var check = await Sharing().CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Matched(null), check);
    }

    [Theory]
    [InlineData(500, Unavailability.ServerError)]
    [InlineData(503, Unavailability.ServerError)]
    [InlineData(429, Unavailability.Throttled)]
    [InlineData(401, Unavailability.Refused)]
    [InlineData(403, Unavailability.Refused)]
    [InlineData(404, Unavailability.Refused)]
    public async Task AnErrorStatusIsUnavailableWithItsReason(int status, Unavailability reason)
    {
        Answer("/gateway/household/verify", status, """{"error":"x"}""");

        var check = await Sharing().CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Unavailable(reason), check);
    }

    [Theory]
    [InlineData("{\"matched\":tru")]
    [InlineData("<html>gateway login</html>")]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"matched\":\"perhaps\"}")]
    [InlineData("null")]
    public async Task AnAnswerThatCannotBeReadIsUnavailableAsMalformed(string body)
    {
        Answer("/gateway/household/verify", 200, body);

        var check = await Sharing().CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Unavailable(Unavailability.Malformed), check);
    }

    [Fact]
    public async Task AnEmptyBodyIsUnavailableAsMalformed()
    {
        Answer("/gateway/household/verify", 200, body: null);

        var check = await Sharing().CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Unavailable(Unavailability.Malformed), check);
    }

    [Fact]
    public async Task ASlowSourceIsGivenUpOnWithinTheTotalTimeout()
    {
        Answer("/gateway/household/verify", 200, """{"matched":true}""", delay: OutsideServices.SlowAnswer);
        var sharing = Sharing();

        var started = DateTimeOffset.UtcNow;
        var check = await sharing.CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Unavailable(Unavailability.TimedOut), check);
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.Zero, OutsideServices.TotalTimeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ATransientFailureIsRetriedOnce()
    {
        _source.Server.Given(Request.Create().WithPath("/gateway/household/verify").UsingPost()).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503));
        _source.Server.Given(Request.Create().WithPath("/gateway/household/verify").UsingPost()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"matched":true}"""));

        var check = await Sharing().CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Matched(null), check);
        Assert.Equal(2, _source.Requests.Count);
    }

    [Fact]
    public async Task ASourceThatRefusesConnectionsIsUnreachable()
    {
        var check = await Sharing(baseUrl: LoopbackServer.Refusing()).CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Unavailable(Unavailability.Unreachable), check);
    }

    [Fact]
    public async Task ASourceThatKeepsFailingIsLeftAloneOnceItsCircuitOpens()
    {
        Answer("/gateway/household/verify", 500, "{}");
        var sharing = Sharing();
        var claim = new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address);

        // Ten failed attempts (five calls, each retried once) open the circuit.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new FactCheck.Unavailable(Unavailability.ServerError), await sharing.CheckAsync(claim, CancellationToken.None));
        }

        var seen = _source.Requests.Count;
        var check = await sharing.CheckAsync(claim, CancellationToken.None);

        Assert.Equal(new FactCheck.Unavailable(Unavailability.Unreachable), check);
        Assert.Equal(seen, _source.Requests.Count);
    }

    [Fact]
    public async Task OneSourceDownDoesNotOpenTheCircuitOfAnother()
    {
        Answer("/gateway/household/verify", 500, "{}");
        Answer("/gateway/property/verify", 200, """{"matched":true}""");
        _services = new OutsideServices(new Dictionary<string, string?>
        {
            ["DataSharing:Sources:HouseholdRegistration:BaseUrl"] = _source.Url + "/gateway",
            ["DataSharing:Sources:PropertyRegistration:BaseUrl"] = _source.Url + "/gateway",
        });
        var sharing = _services.Get<IDataSharing>();
        for (var i = 0; i < 6; i++)
        {
            await sharing.CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);
        }

        var check = await sharing.CheckAsync(new FactClaim(FactKind.PropertyRegistration, Name, IdNumber, Address), CancellationToken.None);

        Assert.Equal(new FactCheck.Matched(null), check);
    }

    [Fact]
    public async Task ASourceWithoutABaseUrlIsUnavailableAndSaysSoOnce()
    {
        var sharing = Sharing(FactKind.HouseholdRegistration);

        var first = await sharing.CheckAsync(new FactClaim(FactKind.SocialInsurance, Name, IdNumber, null), CancellationToken.None);
        var second = await sharing.CheckAsync(new FactClaim(FactKind.SocialInsurance, Name, IdNumber, null), CancellationToken.None);

        Assert.Equal(new FactCheck.Unavailable(Unavailability.NotConfigured), first);
        Assert.Equal(first, second);
        Assert.Empty(_source.Requests);
        var notice = Assert.Single(_services!.Logs.Lines, l => l.EventId == 4101);
        Assert.Contains("DataSharing:Sources:SocialInsurance:BaseUrl", notice.Message);
    }

    [Fact]
    public async Task TheCallersCancellationIsThrownNotTurnedIntoAnAnswer()
    {
        Answer("/gateway/household/verify", 200, """{"matched":true}""", delay: OutsideServices.SlowAnswer);
        var sharing = Sharing();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            sharing.CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), cancel.Token));
    }

    [Fact]
    public async Task TheLogSaysKindOutcomeStatusAndDurationButNothingAboutThePerson()
    {
        Answer("/gateway/household/verify", 200, """{"matched":true,"reference":"REF-1"}""");
        var sharing = Sharing();

        await sharing.CheckAsync(new FactClaim(FactKind.HouseholdRegistration, Name, IdNumber, Address), CancellationToken.None);

        var line = Assert.Single(_services!.Logs.Lines, l => l.EventId == 4100);
        Assert.Equal("DataSharing HouseholdRegistration: Matched (HTTP 200) in " + line.State.Single(s => s.Key == "ElapsedMs").Value + " ms", line.Message);
        Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)(int)line.State.Single(s => s.Key == "StatusCode").Value!);
        PersonalData.AssertAbsent(_services.Logs, Name, IdNumber, Address);
    }
}
