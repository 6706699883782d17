namespace Enrollment.Core.Uploads;

/// <summary>A checked, cleaned document attached to its owner; what staff will later open.</summary>
/// <param name="ContentType">The type its bytes were recognised as (and are served with).</param>
/// <param name="Length">Bytes stored, after metadata was removed.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the stored bytes, for audit and duplicate detection.</param>
public sealed record AcceptedDocument(
    string OwnerId,
    string UploadId,
    string Kind,
    string ContentType,
    long Length,
    string Sha256,
    DateTimeOffset AcceptedAt);

/// <summary>Why an uploaded file was not kept. The quarantined file is deleted in every case.</summary>
public enum UploadRefusalReason
{
    /// <summary>The file has no bytes.</summary>
    Empty,

    /// <summary>The file is larger than the cap (<see cref="UploadRefusal.MaxBytes"/>).</summary>
    TooLarge,

    /// <summary>The bytes are not the declared type (<see cref="UploadRefusal.DetectedContentType"/> is null when they are none we know).</summary>
    TypeMismatch,

    /// <summary>The bytes start like the declared type but are broken (truncated, malformed).</summary>
    Damaged,

    /// <summary>The image carries metadata (such as GPS) that cannot be removed safely; today only HEIC with Exif or XMP.</summary>
    MetadataNotRemovable,
}

/// <summary>A refusal with what a message to the parent needs; stored, so a repeated accept answers the same.</summary>
public sealed record UploadRefusal(
    UploadRefusalReason Reason,
    long Length,
    long MaxBytes,
    string DeclaredContentType,
    string? DetectedContentType);

/// <summary>The answer to "check and attach this upload".</summary>
public abstract record AcceptOutcome
{
    private AcceptOutcome()
    {
    }

    /// <summary>Attached (now or by an earlier call: the same document either way).</summary>
    public sealed record Accepted(AcceptedDocument Document) : AcceptOutcome;

    /// <summary>No such upload for this owner: unknown id, or someone else's.</summary>
    public sealed record NotFound : AcceptOutcome;

    /// <summary>The slot exists but nothing has been uploaded to it (yet, or its link expired unused).</summary>
    public sealed record NotUploaded(DateTimeOffset SlotExpiresAt) : AcceptOutcome;

    /// <summary>Checked and refused; the file is gone and a new slot is needed.</summary>
    public sealed record Refused(UploadRefusal Refusal) : AcceptOutcome;
}

/// <summary>A read-only link to one document, for staff.</summary>
public sealed record ReadLink(Uri Url, DateTimeOffset ExpiresAt);
