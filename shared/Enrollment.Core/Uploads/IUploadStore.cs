namespace Enrollment.Core.Uploads;

/// <summary>
/// Where uploads wait and documents are kept. Every blob of an upload lives under its owner's
/// prefix, so an owner can only ever name their own. Expected outcomes are return values.
/// </summary>
public interface IUploadStore
{
    /// <summary>Records the slot and returns a write-only link, valid from <paramref name="startsOn"/> to the slot's expiry, for its one quarantine blob.</summary>
    Task<UploadTarget> CreateSlotAsync(UploadSlotRecord slot, DateTimeOffset startsOn, CancellationToken cancellationToken);

    Task<UploadSlotRecord?> GetSlotAsync(string ownerId, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// The uploaded file, or null when nothing was uploaded. The content is read only when the
    /// length is between 1 and <paramref name="maxBytes"/>, so an oversized upload is never loaded.
    /// </summary>
    Task<QuarantinedFile?> ReadQuarantinedAsync(string ownerId, string uploadId, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Overwrites the slot record (to remember a refusal).</summary>
    Task ReplaceSlotAsync(UploadSlotRecord slot, CancellationToken cancellationToken);

    /// <summary>Deletes the uploaded file, if there is one; the slot record stays.</summary>
    Task DeleteUploadAsync(string ownerId, string uploadId, CancellationToken cancellationToken);

    /// <summary>Deletes the uploaded file and the slot record, whichever exist.</summary>
    Task DeleteSlotAsync(string ownerId, string uploadId, CancellationToken cancellationToken);

    /// <summary>Stores the document unless one is already stored under its id; returns the stored one either way.</summary>
    Task<AcceptedDocument> CreateOrGetDocumentAsync(AcceptedDocument document, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<AcceptedDocument?> GetDocumentAsync(string ownerId, string uploadId, CancellationToken cancellationToken);

    /// <summary>A read-only link to the document's blob alone, valid from <paramref name="startsOn"/> to <paramref name="expiresOn"/>.</summary>
    Task<Uri> CreateReadUrlAsync(AcceptedDocument document, DateTimeOffset startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken);
}

/// <summary>What the server remembers about a slot: the parent cannot change any of it, because the upload link writes only the file.</summary>
public sealed record UploadSlotRecord(
    string OwnerId,
    string UploadId,
    string Kind,
    string DeclaredContentType,
    long DeclaredLength,
    long MaxBytes,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    UploadRefusal? Refusal = null);

public sealed record UploadTarget(string BlobName, Uri Url);

/// <param name="Content">The bytes; null when the file was not read because of its length.</param>
public sealed record QuarantinedFile(long Length, ReadOnlyMemory<byte>? Content);
