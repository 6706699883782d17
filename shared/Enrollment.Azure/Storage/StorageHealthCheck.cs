using Azure.Storage.Blobs;
using Enrollment.Azure.Cosmos;
using Enrollment.Core.Uploads;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Storage;

/// <summary>Ready only when both stores answer: the database and the documents container can be read.</summary>
public sealed class StorageHealthCheck(EnrollmentContainers containers, BlobServiceClient blobs, IOptions<UploadOptions> uploads) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        try
        {
            await containers.Database.ReadAsync(cancellationToken: cancellationToken);
            data["cosmos"] = "ok";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            data["cosmos"] = "unreachable";
        }

        try
        {
            await blobs.GetBlobContainerClient(uploads.Value.DocumentsContainer).GetPropertiesAsync(cancellationToken: cancellationToken);
            data["blob"] = "ok";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            data["blob"] = "unreachable";
        }

        return data.Values.All(v => (string)v == "ok")
            ? HealthCheckResult.Healthy("Both stores answer.", data)
            : HealthCheckResult.Unhealthy("A store does not answer.", data: data);
    }
}
