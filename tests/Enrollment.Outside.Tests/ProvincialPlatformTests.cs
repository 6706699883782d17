using Enrollment.Azure.Outside.Provincial;
using Enrollment.Core.Outside;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Enrollment.Outside.Tests;

public sealed class ProvincialPlatformTests : IDisposable
{
    private const string Name = "阿依古丽·买买提";
    private const string IdNumber = "34052419800101001X";
    private const string BatchId = "5f1c0e7d9a3b2c4d6e8f00112233445566778899aabbccddeeff001122334455";
    private readonly LoopbackServer _province = new();
    private readonly OutsideServices _services;

    public ProvincialPlatformTests()
    {
        _services = new OutsideServices(new Dictionary<string, string?>
        {
            ["Provincial:BaseUrl"] = _province.Url,
            ["Provincial:ApiKey"] = "province-key",
        });
    }

    public void Dispose()
    {
        _services.Dispose();
        _province.Dispose();
    }

    private IProvincialPlatform Platform => _services.Get<IProvincialPlatform>();

    private static ProvincialBatch Batch(int records = 2) => new(BatchId, "c1", "c1-101", ProvincialRecordKind.Admission,
        Enumerable.Range(0, records).Select(i => new ProvincialRecord($"A{i}", "Admitted", new DateTimeOffset(2026, 8, 20, 10, i, 0, TimeSpan.FromHours(8)),
            new Dictionary<string, string> { ["name"] = Name, ["documentNumber"] = IdNumber })).ToList());

    private void AnswerPush(int status, string body, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        _province.Server.Given(Request.Create().WithPath("/enrollment/v1/batches").UsingPost())
            .RespondWith(delay is { } d ? response.WithDelay(d) : response);
    }

    [Fact]
    public async Task PushesTheBatchWithItsIdAsTheIdempotencyKeyAndTheApiKey()
    {
        AnswerPush(200, $$"""{"batchId":"{{BatchId}}","accepted":2}""");

        var push = await Platform.PushAsync(Batch(), CancellationToken.None);

        Assert.IsType<ProvincialPush.Acknowledged>(push);
        var request = _province.SingleRequest().RequestMessage;
        Assert.Equal(("POST", "/enrollment/v1/batches"), (request.Method, request.Path));
        Assert.Equal(BatchId, Assert.Single(request.Headers!["Idempotency-Key"]));
        Assert.Equal("province-key", Assert.Single(request.Headers!["X-Api-Key"]));
        var body = LoopbackServer.Json(_province.SingleRequest());
        Assert.Equal(["batchId", "countyId", "schoolId", "kind", "records"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal((BatchId, "c1", "c1-101", "admissions"), (body.GetProperty("batchId").GetString(), body.GetProperty("countyId").GetString(),
            body.GetProperty("schoolId").GetString(), body.GetProperty("kind").GetString()));
        var record = body.GetProperty("records")[1];
        Assert.Equal(["applicationId", "status", "changedAt", "fields"], record.EnumerateObject().Select(p => p.Name));
        Assert.Equal("A1", record.GetProperty("applicationId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 8, 20, 10, 1, 0, TimeSpan.FromHours(8)), record.GetProperty("changedAt").GetDateTimeOffset());
        Assert.Equal(IdNumber, record.GetProperty("fields").GetProperty("documentNumber").GetString());
    }

    [Fact]
    public async Task AServerErrorIsRetriedWithTheSameKeyAndBody()
    {
        _province.Server.Given(Request.Create().WithPath("/enrollment/v1/batches").UsingPost()).InScenario("flaky").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(503));
        _province.Server.Given(Request.Create().WithPath("/enrollment/v1/batches").UsingPost()).InScenario("flaky").WhenStateIs("failed once")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""{"batchId":"{{BatchId}}","accepted":2}"""));

        Assert.IsType<ProvincialPush.Acknowledged>(await Platform.PushAsync(Batch(), CancellationToken.None));

        Assert.Equal(2, _province.Requests.Count);
        Assert.Equal(_province.Requests[0].RequestMessage.Body, _province.Requests[1].RequestMessage.Body);
        Assert.All(_province.Requests, r => Assert.Equal(BatchId, Assert.Single(r.RequestMessage.Headers!["Idempotency-Key"])));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(422)]
    public async Task ARefusedBatchIsRejectedWithTheProvincesCodeAndNotRetried(int status)
    {
        AnswerPush(status, """{"code":"E1023","message":"民族代码无效"}""");

        Assert.Equal(new ProvincialPush.Rejected("E1023"), await Platform.PushAsync(Batch(), CancellationToken.None));
        Assert.Single(_province.Requests);
    }

    [Theory]
    [InlineData(500, "{}", Unavailability.ServerError)]
    [InlineData(429, "", Unavailability.Throttled)]
    [InlineData(401, "", Unavailability.Refused)]
    [InlineData(200, "{\"batchId\":", Unavailability.Malformed)]
    [InlineData(200, "", Unavailability.Malformed)]
    [InlineData(200, "{\"batchId\":\"another\",\"accepted\":2}", Unavailability.Malformed)]
    [InlineData(200, "{\"batchId\":\"" + BatchId + "\",\"accepted\":1}", Unavailability.Malformed)]
    [InlineData(200, "{\"batchId\":\"" + BatchId + "\"}", Unavailability.Malformed)]
    public async Task EveryOtherAnswerIsUnavailableSoTheCheckpointStays(int status, string body, Unavailability reason)
    {
        AnswerPush(status, body);

        Assert.Equal(new ProvincialPush.Unavailable(reason), await Platform.PushAsync(Batch(), CancellationToken.None));
    }

    [Fact]
    public async Task ASlowProvinceIsUnavailableAsTimedOut()
    {
        AnswerPush(200, $$"""{"batchId":"{{BatchId}}","accepted":2}""", OutsideServices.SlowAnswer);

        Assert.Equal(new ProvincialPush.Unavailable(Unavailability.TimedOut), await Platform.PushAsync(Batch(), CancellationToken.None));
    }

    [Fact]
    public async Task ListsWhatTheProvinceHoldsForASchoolAndKind()
    {
        _province.Server.Given(Request.Create().WithPath("/enrollment/v1/counties/c1/schools/c1-101/placements").UsingGet().WithHeader("X-Api-Key", "province-key"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"applicationIds":["A1","A2"]}"""));

        var held = await Platform.ListAsync("c1", "c1-101", ProvincialRecordKind.Placement, CancellationToken.None);

        Assert.Equal(["A1", "A2"], Assert.IsType<ProvincialHoldings.Held>(held).ApplicationIds);
    }

    [Theory]
    [InlineData(200, "{}", Unavailability.Malformed)]
    [InlineData(200, "{\"applicationIds\":[null]}", Unavailability.Malformed)]
    [InlineData(200, "[]", Unavailability.Malformed)]
    [InlineData(503, "", Unavailability.ServerError)]
    public async Task AHoldingsAnswerThatCannotBeReadIsUnavailable(int status, string body, Unavailability reason)
    {
        _province.Server.Given(Request.Create().WithPath("/enrollment/v1/counties/*").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

        Assert.Equal(new ProvincialHoldings.Unavailable(reason), await Platform.ListAsync("c1", "c1-101", ProvincialRecordKind.Application, CancellationToken.None));
    }

    [Fact]
    public async Task WithoutABaseUrlNothingIsSent()
    {
        using var services = new OutsideServices(new Dictionary<string, string?>());

        Assert.Equal(new ProvincialPush.Unavailable(Unavailability.NotConfigured), await services.Get<IProvincialPlatform>().PushAsync(Batch(), CancellationToken.None));
        Assert.Empty(_province.Requests);
    }

    [Theory]
    [InlineData("Provincial:BaseUrl", "province.example")]
    [InlineData("Provincial:BatchSize", "0")]
    public void AMalformedSettingStopsTheStart(string key, string value)
    {
        using var services = new OutsideServices(new Dictionary<string, string?> { [key] = value });

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(services.ValidateOptions);
    }

    [Fact]
    public async Task NoRecordsFieldReachesTheLog()
    {
        AnswerPush(200, $$"""{"batchId":"{{BatchId}}","accepted":2}""");

        await Platform.PushAsync(Batch(), CancellationToken.None);

        Assert.Contains(_services.Logs.Lines, l => l.Message.StartsWith("Provincial PushAdmission 5f1c0e7d9a3b (2): Acknowledged (HTTP 200)", StringComparison.Ordinal));
        PersonalData.AssertAbsent(_services.Logs, Name, IdNumber, "province-key");
    }
}
