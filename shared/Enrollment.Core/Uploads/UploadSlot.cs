namespace Enrollment.Core.Uploads;

/// <summary>
/// Where and how the phone uploads one file: PUT the bytes to <paramref name="UploadUrl"/> with the
/// <paramref name="RequiredHeaders"/> before <paramref name="ExpiresAt"/>, then ask for the upload to
/// be accepted by <paramref name="UploadId"/>.
/// </summary>
/// <param name="UploadId">The server's random name for this upload; the parent's file name is never used.</param>
/// <param name="BlobName">The one blob name the URL may write, under the owner's prefix in the quarantine container.</param>
/// <param name="UploadUrl">A write-only SAS for that blob alone (create and write; no read, list or delete).</param>
/// <param name="MaxBytes">Larger files are refused when the upload is checked (a SAS cannot limit size).</param>
public sealed record UploadSlot(
    string UploadId,
    string BlobName,
    Uri UploadUrl,
    DateTimeOffset ExpiresAt,
    long MaxBytes,
    IReadOnlyDictionary<string, string> RequiredHeaders);

/// <summary>The answer to a request for an upload slot; refusals are values, not exceptions.</summary>
public abstract record SlotOutcome
{
    private SlotOutcome()
    {
    }

    public sealed record Issued(UploadSlot Slot) : SlotOutcome;

    /// <summary>The declared content type is not one the county accepts.</summary>
    public sealed record TypeNotAllowed(string? DeclaredContentType, IReadOnlyList<string> AllowedContentTypes) : SlotOutcome;

    /// <summary>The declared length is over the cap.</summary>
    public sealed record TooLarge(long DeclaredLength, long MaxBytes) : SlotOutcome;

    /// <summary>The declared length is zero (or negative).</summary>
    public sealed record Empty : SlotOutcome;

    /// <summary>The document kind is not a well-formed kind name (lower-case letters, digits and hyphens, at most 40).</summary>
    public sealed record InvalidKind(string? DocumentKind) : SlotOutcome;
}
