using System.Net;
using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Enrollment.Azure.Outside.Provincial;

public sealed class ProvincialPlatform(
    IProvincialApi api,
    IOptions<ProvincialOptions> options,
    TimeProvider time,
    ILogger<ProvincialPlatform> logger) : IProvincialPlatform
{
    private const string Service = "Provincial";
    private readonly NotConfiguredNotice _notConfigured = new(logger, Service);

    public async Task<ProvincialPush> PushAsync(ProvincialBatch batch, CancellationToken cancellationToken)
    {
        var operation = $"Push{batch.Kind}";
        if (!options.Value.IsConfigured)
        {
            _notConfigured.Report(operation, $"{ProvincialOptions.Section}:BaseUrl");
            return new ProvincialPush.Unavailable(Unavailability.NotConfigured);
        }

        var request = new ProvincialBatchRequest(batch.BatchId, batch.CountyId, batch.SchoolId, KindName(batch.Kind),
            batch.Records.Select(r => new ProvincialRecordRequest(r.ApplicationId, r.Status, r.ChangedAt, r.Fields)).ToList());
        using var answer = await OutsideCall.SendAsync(ct => api.PushAsync(batch.BatchId, request, ct), time, cancellationToken);
        var result = Map(answer, batch);

        // The batch id and size, never a record's fields.
        var outcome = result is ProvincialPush.Unavailable u ? $"Unavailable:{u.Reason}" : result.GetType().Name;
        OutsideLog.Answered(logger, Service, $"{operation} {batch.BatchId[..12]} ({batch.Records.Count})", outcome, result is not ProvincialPush.Unavailable, answer.StatusCode, answer.Elapsed);
        return result;
    }

    public async Task<ProvincialHoldings> ListAsync(string countyId, string schoolId, ProvincialRecordKind kind, CancellationToken cancellationToken)
    {
        var operation = $"List{kind}";
        if (!options.Value.IsConfigured)
        {
            _notConfigured.Report(operation, $"{ProvincialOptions.Section}:BaseUrl");
            return new ProvincialHoldings.Unavailable(Unavailability.NotConfigured);
        }

        using var answer = await OutsideCall.SendAsync(ct => api.ListAsync(countyId, schoolId, KindName(kind), ct), time, cancellationToken);
        ProvincialHoldings result = answer switch
        {
            { Failure: { } reason } => new ProvincialHoldings.Unavailable(reason),
            { Content.ApplicationIds: { } ids } when ids.All(id => !string.IsNullOrWhiteSpace(id)) => new ProvincialHoldings.Held(ids),
            _ => new ProvincialHoldings.Unavailable(Unavailability.Malformed),
        };

        var outcome = result is ProvincialHoldings.Unavailable u ? $"Unavailable:{u.Reason}" : result.GetType().Name;
        OutsideLog.Answered(logger, Service, operation, outcome, result is not ProvincialHoldings.Unavailable, answer.StatusCode, answer.Elapsed);
        return result;
    }

    public static string KindName(ProvincialRecordKind kind) => kind switch
    {
        ProvincialRecordKind.Application => "applications",
        ProvincialRecordKind.Admission => "admissions",
        ProvincialRecordKind.Placement => "placements",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static ProvincialPush Map(OutsideAnswer<ProvincialBatchAnswer> answer, ProvincialBatch batch)
    {
        // The province judged the batch itself: sending the same content again will not change its mind.
        if (answer.Response is { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity } refused)
        {
            var body = OutsideJson.ContentOrErrorBody(refused);
            return new ProvincialPush.Rejected(body?.Code ?? body?.Message ?? $"HTTP {(int)refused.StatusCode!.Value}");
        }

        return answer switch
        {
            { Failure: { } reason } => new ProvincialPush.Unavailable(reason),
            // Only an answer about this very batch, for all of it, moves the checkpoint.
            { Content: { } body } when body.BatchId == batch.BatchId && body.Accepted == batch.Records.Count => new ProvincialPush.Acknowledged(),
            _ => new ProvincialPush.Unavailable(Unavailability.Malformed),
        };
    }
}
