using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Enrollment.Core.Uploads;

namespace Enrollment.Azure.Uploads;

/// <summary>
/// Uploads in Blob Storage. Quarantine container: <c>{ownerId}/{uploadId}</c> is the file the phone
/// writes (the only name its link can reach) and <c>{ownerId}/{uploadId}.slot.json</c> is what the
/// server remembers about the slot. Documents container: <c>{ownerId}/{uploadId}</c>, written only
/// by the server, with the kind, hash and time in metadata. Neither container is public.
/// </summary>
public sealed class BlobUploadStore(BlobServiceClient service, BlobSasIssuer sas, UploadOptions options) : IUploadStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly BlobContainerClient _quarantine = service.GetBlobContainerClient(options.QuarantineContainer);
    private readonly BlobContainerClient _documents = service.GetBlobContainerClient(options.DocumentsContainer);

    public static string UploadBlobName(string ownerId, string uploadId) => $"{ownerId}/{uploadId}";

    public static string SlotRecordName(string ownerId, string uploadId) => $"{ownerId}/{uploadId}.slot.json";

    public static string DocumentBlobName(string ownerId, string uploadId) => $"{ownerId}/{uploadId}";

    public async Task<UploadTarget> CreateSlotAsync(UploadSlotRecord slot, DateTimeOffset startsOn, CancellationToken cancellationToken)
    {
        await _quarantine.GetBlobClient(SlotRecordName(slot.OwnerId, slot.UploadId)).UploadAsync(
            BinaryData.FromObjectAsJson(slot, Json),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            },
            cancellationToken);

        // Create and write only: the phone can put its file, not read it back, list the container,
        // delete anything or touch another name. Nothing in a SAS limits the size; the accept step does.
        var upload = _quarantine.GetBlobClient(UploadBlobName(slot.OwnerId, slot.UploadId));
        var url = await sas.SignAsync(upload, BlobSasPermissions.Create | BlobSasPermissions.Write, startsOn, slot.ExpiresAt, configure: null, cancellationToken);
        return new UploadTarget(upload.Name, url);
    }

    public async Task<UploadSlotRecord?> GetSlotAsync(string ownerId, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            var record = await _quarantine.GetBlobClient(SlotRecordName(ownerId, uploadId)).DownloadContentAsync(cancellationToken);
            return record.Value.Content.ToObjectFromJson<UploadSlotRecord>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task ReplaceSlotAsync(UploadSlotRecord slot, CancellationToken cancellationToken) =>
        _quarantine.GetBlobClient(SlotRecordName(slot.OwnerId, slot.UploadId)).UploadAsync(
            BinaryData.FromObjectAsJson(slot, Json),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);

    public async Task<QuarantinedFile?> ReadQuarantinedAsync(string ownerId, string uploadId, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = _quarantine.GetBlobClient(UploadBlobName(ownerId, uploadId));
        for (var attempt = 0; ; attempt++)
        {
            BlobProperties properties;
            try
            {
                properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }

            // The length decides whether we read at all: an oversized upload is never loaded into memory.
            if (properties.ContentLength == 0 || properties.ContentLength > maxBytes)
            {
                return new QuarantinedFile(properties.ContentLength, Content: null);
            }

            try
            {
                // If-Match: the bytes we read are the ones whose length we just checked.
                var download = await blob.DownloadContentAsync(
                    new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } },
                    cancellationToken);
                return new QuarantinedFile(properties.ContentLength, download.Value.Content.ToMemory());
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < 2)
            {
                // Replaced or removed between the two reads (the link is still valid): look again.
            }
        }
    }

    public Task DeleteUploadAsync(string ownerId, string uploadId, CancellationToken cancellationToken) =>
        _quarantine.GetBlobClient(UploadBlobName(ownerId, uploadId)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

    public async Task DeleteSlotAsync(string ownerId, string uploadId, CancellationToken cancellationToken)
    {
        await DeleteUploadAsync(ownerId, uploadId, cancellationToken);
        await _quarantine.GetBlobClient(SlotRecordName(ownerId, uploadId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    public async Task<AcceptedDocument> CreateOrGetDocumentAsync(AcceptedDocument document, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            await _documents.GetBlobClient(DocumentBlobName(document.OwnerId, document.UploadId)).UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = document.ContentType },
                    Metadata = new Dictionary<string, string>
                    {
                        [KindKey] = document.Kind,
                        [Sha256Key] = document.Sha256,
                        [AcceptedAtKey] = document.AcceptedAt.ToString("O", CultureInfo.InvariantCulture),
                    },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, // create-only
                },
                cancellationToken);
            return document;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await GetDocumentAsync(document.OwnerId, document.UploadId, cancellationToken)
                ?? throw new InvalidOperationException("A document reported as existing could not be read.", e);
        }
    }

    public async Task<AcceptedDocument?> GetDocumentAsync(string ownerId, string uploadId, CancellationToken cancellationToken)
    {
        BlobProperties properties;
        try
        {
            properties = await _documents.GetBlobClient(DocumentBlobName(ownerId, uploadId)).GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        var metadata = properties.Metadata;
        return new AcceptedDocument(
            ownerId,
            uploadId,
            metadata[KindKey],
            properties.ContentType,
            properties.ContentLength,
            metadata[Sha256Key],
            DateTimeOffset.Parse(metadata[AcceptedAtKey], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    public Task<Uri> CreateReadUrlAsync(AcceptedDocument document, DateTimeOffset startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var blob = _documents.GetBlobClient(DocumentBlobName(document.OwnerId, document.UploadId));
        var extension = document.ContentType switch
        {
            "image/jpeg" => "jpg",
            "image/png" => "png",
            "application/pdf" => "pdf",
            "image/heic" => "heic",
            _ => "bin",
        };
        return sas.SignAsync(blob, BlobSasPermissions.Read, startsOn, expiresOn, builder =>
        {
            // The response says what the bytes were checked to be, and no cache keeps a child's papers.
            builder.ContentType = document.ContentType;
            builder.ContentDisposition = $"inline; filename=\"{document.Kind}-{document.UploadId}.{extension}\"";
            builder.CacheControl = "private, no-store";
        }, cancellationToken);
    }

    // Metadata names must be C# identifiers; values ASCII (kind names and hex are).
    private const string KindKey = "kind";
    private const string Sha256Key = "sha256";
    private const string AcceptedAtKey = "acceptedat";
}
