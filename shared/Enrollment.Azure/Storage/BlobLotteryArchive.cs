using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Enrollment.Core.Lottery;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Storage;

/// <summary>
/// Lottery lists and transcripts as blobs created only if absent (If-None-Match: *). In Azure the container also
/// carries a time-based immutability policy (infra), so not even the account's owner can change one afterwards.
/// </summary>
public sealed class BlobLotteryArchive(BlobServiceClient blobs, IOptions<StorageOptions> options) : ILotteryArchive
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(options.Value.LotteryContainer);

    public async Task<bool> WriteOnceAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A step repeated after a failure finds its own bytes: that is not a second draw.
            return await ReadAsync(name, cancellationToken) is { } existing && existing.AsSpan().SequenceEqual(content);
        }
    }

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
