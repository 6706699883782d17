using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Enrollment.Core.Uploads;

/// <summary>
/// The upload pipeline. The phone sends the bytes straight to storage through a short-lived,
/// write-only link for one server-chosen name in quarantine; nothing there counts until
/// <see cref="AcceptAsync"/> has checked the size, recognised the type from the bytes, removed
/// image metadata and copied the clean result to the documents container.
/// </summary>
public sealed partial class UploadService(IUploadStore store, UploadOptions options, TimeProvider time)
{
    // Owner ids are ours (account or application ids); they become a blob name prefix.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex OwnerIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex KindPattern();

    private const string UploadIdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int UploadIdLength = 26; // 130 random bits: not guessable, not countable

    public static bool IsWellFormedUploadId(string? uploadId) =>
        uploadId is { Length: UploadIdLength } && uploadId.All(UploadIdAlphabet.Contains);

    public async Task<SlotOutcome> IssueSlotAsync(string ownerId, string documentKind, string declaredContentType, long declaredLength, CancellationToken cancellationToken)
    {
        RequireOwnerId(ownerId);
        if (documentKind is null || !KindPattern().IsMatch(documentKind))
        {
            return new SlotOutcome.InvalidKind(documentKind);
        }

        var allowed = options.EffectiveAllowedContentTypes;
        var contentType = FileSignature.Normalize(declaredContentType);
        if (contentType is null || !allowed.Contains(contentType))
        {
            return new SlotOutcome.TypeNotAllowed(declaredContentType, allowed);
        }

        if (declaredLength <= 0)
        {
            return new SlotOutcome.Empty();
        }

        if (declaredLength > options.MaxBytes)
        {
            return new SlotOutcome.TooLarge(declaredLength, options.MaxBytes);
        }

        var now = time.GetUtcNow();
        var record = new UploadSlotRecord(
            ownerId,
            RandomNumberGenerator.GetString(UploadIdAlphabet, UploadIdLength),
            documentKind,
            contentType,
            declaredLength,
            options.MaxBytes,
            now,
            now + options.SlotLifetime);
        var target = await store.CreateSlotAsync(record, now - options.ClockSkew, cancellationToken);
        return new SlotOutcome.Issued(new UploadSlot(
            record.UploadId,
            target.BlobName,
            target.Url,
            record.ExpiresAt,
            record.MaxBytes,
            new Dictionary<string, string>
            {
                ["x-ms-blob-type"] = "BlockBlob",
                ["Content-Type"] = contentType,
            }));
    }

    public async Task<AcceptOutcome> AcceptAsync(string ownerId, string uploadId, CancellationToken cancellationToken)
    {
        RequireOwnerId(ownerId);
        if (!IsWellFormedUploadId(uploadId))
        {
            return new AcceptOutcome.NotFound();
        }

        if (await store.GetDocumentAsync(ownerId, uploadId, cancellationToken) is { } accepted)
        {
            // Accepted before: the same answer. A file uploaded again through the still-valid link is dropped.
            await store.DeleteSlotAsync(ownerId, uploadId, cancellationToken);
            return new AcceptOutcome.Accepted(accepted);
        }

        var slot = await store.GetSlotAsync(ownerId, uploadId, cancellationToken);
        if (slot is null)
        {
            // A concurrent accept may have just finished and removed the slot.
            return await AcceptedMeanwhileAsync(ownerId, uploadId, cancellationToken) ?? new AcceptOutcome.NotFound();
        }

        if (slot.Refusal is { } refused)
        {
            // Refused before: the same answer, and a file uploaded again through the still-valid link goes too.
            await store.DeleteUploadAsync(ownerId, uploadId, cancellationToken);
            return new AcceptOutcome.Refused(refused);
        }

        var file = await store.ReadQuarantinedAsync(ownerId, uploadId, slot.MaxBytes, cancellationToken);
        if (file is null)
        {
            return await AcceptedMeanwhileAsync(ownerId, uploadId, cancellationToken) ?? new AcceptOutcome.NotUploaded(slot.ExpiresAt);
        }

        var checkedFile = Check(slot, file);
        if (checkedFile.Refusal is { } refusal)
        {
            // Remember the refusal first, so a retry after a failure in between still answers the same.
            await store.ReplaceSlotAsync(slot with { Refusal = refusal }, cancellationToken);
            await store.DeleteUploadAsync(ownerId, uploadId, cancellationToken);
            return new AcceptOutcome.Refused(refusal);
        }

        var clean = checkedFile.Content;
        var document = new AcceptedDocument(
            ownerId,
            uploadId,
            slot.Kind,
            checkedFile.ContentType!,
            clean.Length,
            Convert.ToHexStringLower(SHA256.HashData(clean.Span)),
            time.GetUtcNow());
        // Create-only: of two concurrent accepts the first write wins and both answer with it.
        // The quarantine goes last, so a failure in between leaves nothing half-attached: a retry finds the document.
        var stored = await store.CreateOrGetDocumentAsync(document, clean, cancellationToken);
        await store.DeleteSlotAsync(ownerId, uploadId, cancellationToken);
        return new AcceptOutcome.Accepted(stored);
    }

    /// <summary>An accepted document of this owner, for staff lookups by owner and upload id.</summary>
    public Task<AcceptedDocument?> GetDocumentAsync(string ownerId, string uploadId, CancellationToken cancellationToken)
    {
        RequireOwnerId(ownerId);
        return IsWellFormedUploadId(uploadId)
            ? store.GetDocumentAsync(ownerId, uploadId, cancellationToken)
            : Task.FromResult<AcceptedDocument?>(null);
    }

    /// <summary>A read-only link to one document, valid for <see cref="UploadOptions.ReadLinkLifetime"/> (at most ten minutes).</summary>
    public async Task<ReadLink> GetReadUrlAsync(AcceptedDocument document, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + options.ReadLinkLifetime;
        var url = await store.CreateReadUrlAsync(document, now - options.ClockSkew, expiresAt, cancellationToken);
        return new ReadLink(url, expiresAt);
    }

    private async Task<AcceptOutcome?> AcceptedMeanwhileAsync(string ownerId, string uploadId, CancellationToken cancellationToken) =>
        await store.GetDocumentAsync(ownerId, uploadId, cancellationToken) is { } document ? new AcceptOutcome.Accepted(document) : null;

    private static (UploadRefusal? Refusal, ReadOnlyMemory<byte> Content, string? ContentType) Check(UploadSlotRecord slot, QuarantinedFile file)
    {
        UploadRefusal Refuse(UploadRefusalReason reason, string? detected = null) =>
            new(reason, file.Length, slot.MaxBytes, slot.DeclaredContentType, detected);

        if (file.Length == 0)
        {
            return (Refuse(UploadRefusalReason.Empty), default, null);
        }

        if (file.Length > slot.MaxBytes || file.Content is not { } content)
        {
            return (Refuse(UploadRefusalReason.TooLarge), default, null);
        }

        var declared = FileSignature.KindOf(slot.DeclaredContentType);
        var detected = FileSignature.Detect(content.Span);
        if (detected != declared)
        {
            return (Refuse(UploadRefusalReason.TypeMismatch, FileSignature.ContentTypeOf(detected)), default, null);
        }

        var contentType = FileSignature.ContentTypeOf(detected)!;
        if (!FileSignature.IsImage(detected))
        {
            // PDFs are kept as uploaded: their document properties are not stripped (see the report).
            return (null, content, contentType);
        }

        return ImageMetadataStripper.Strip(detected, content.Span) switch
        {
            StripOutcome.Cleaned cleaned => (null, cleaned.Image, contentType),
            StripOutcome.MetadataNotRemovable => (Refuse(UploadRefusalReason.MetadataNotRemovable, contentType), default, null),
            _ => (Refuse(UploadRefusalReason.Damaged, contentType), default, null),
        };
    }

    private static void RequireOwnerId(string ownerId)
    {
        // Owner ids come from our own sessions, never from a form: a bad one is a bug, not a parent's mistake.
        if (ownerId is null || !OwnerIdPattern().IsMatch(ownerId))
        {
            throw new ArgumentException("An owner id is 1-128 letters, digits, '-' or '_'.", nameof(ownerId));
        }
    }
}
