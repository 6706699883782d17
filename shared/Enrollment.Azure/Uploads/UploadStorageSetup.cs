using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Enrollment.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Uploads;

/// <summary>
/// Creates the two upload containers, private. Part of the explicit setup step (local run, test
/// fixtures, the <c>setup</c> command); in Azure the infrastructure creates them.
/// </summary>
public sealed class UploadStorageSetup(BlobServiceClient service, IOptions<UploadOptions> options)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await service.GetBlobContainerClient(options.Value.QuarantineContainer).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        await service.GetBlobContainerClient(options.Value.DocumentsContainer).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
    }
}
