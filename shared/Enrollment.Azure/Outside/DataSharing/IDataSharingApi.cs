using System.Text.Json.Serialization;
using Refit;

namespace Enrollment.Azure.Outside.DataSharing;

/// <summary>
/// Our provider-neutral contract for a department's verification endpoint, one base URL per source:
/// <c>POST {base}/{source}/verify</c> with <c>{name, idNumber, address?}</c> and an <c>X-Api-Key</c>
/// header, answering 200 <c>{matched, reference?}</c>. A department with another shape gets its own
/// interface and its own branch in <see cref="DataSharingClient"/>; the port does not change.
/// </summary>
public interface IDataSharingApi
{
    [Post("/{source}/verify")]
    Task<IApiResponse<FactVerification>> VerifyAsync(string source, [Body] FactVerificationRequest request, CancellationToken cancellationToken);
}

public sealed record FactVerificationRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("idNumber")] string IdNumber,
    [property: JsonPropertyName("address")] string? Address);

public sealed record FactVerification(
    [property: JsonPropertyName("matched")] bool? Matched,
    [property: JsonPropertyName("reference")] string? Reference);
