using System.Text.Json.Serialization;
using Refit;

namespace Enrollment.Azure.Outside.Provincial;

/// <summary>
/// The provincial enrollment platform's county interface, as we map it: <c>POST {base}/enrollment/v1/batches</c>
/// with an <c>Idempotency-Key</c> header equal to the batch id and an <c>X-Api-Key</c> header, answering 200
/// <c>{batchId, accepted}</c> (also for a key it has seen, without storing the batch again), 400/422 <c>{code, message}</c>
/// for a batch it refuses; and <c>GET {base}/enrollment/v1/counties/{county}/schools/{school}/{kind}</c> answering
/// <c>{applicationIds}</c>, what it holds, for reconciliation.
/// </summary>
public interface IProvincialApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Post("/enrollment/v1/batches")]
    Task<IApiResponse<ProvincialBatchAnswer>> PushAsync([Header(IdempotencyKeyHeader)] string idempotencyKey, [Body] ProvincialBatchRequest batch, CancellationToken cancellationToken);

    [Get("/enrollment/v1/counties/{countyId}/schools/{schoolId}/{kind}")]
    Task<IApiResponse<ProvincialHoldingsAnswer>> ListAsync(string countyId, string schoolId, string kind, CancellationToken cancellationToken);
}

public sealed record ProvincialBatchRequest(
    [property: JsonPropertyName("batchId")] string BatchId,
    [property: JsonPropertyName("countyId")] string CountyId,
    [property: JsonPropertyName("schoolId")] string SchoolId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("records")] IReadOnlyList<ProvincialRecordRequest> Records);

public sealed record ProvincialRecordRequest(
    [property: JsonPropertyName("applicationId")] string ApplicationId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("changedAt")] DateTimeOffset ChangedAt,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields);

public sealed record ProvincialBatchAnswer(
    [property: JsonPropertyName("batchId")] string? BatchId,
    [property: JsonPropertyName("accepted")] int? Accepted,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

public sealed record ProvincialHoldingsAnswer([property: JsonPropertyName("applicationIds")] IReadOnlyList<string>? ApplicationIds);
