using System.ComponentModel.DataAnnotations;

namespace Enrollment.Core.Uploads;

/// <summary>
/// The <c>Uploads</c> settings: what a parent may attach and for how long a link is good.
/// Container names are plain strings so the rules stay free of storage types.
/// </summary>
public sealed class UploadOptions : IValidatableObject
{
    public const string Section = "Uploads";

    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    /// <summary>Used when <see cref="AllowedContentTypes"/> is not set. HEIC is left out on purpose: see <see cref="HeifMetadataInspector"/>.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedContentTypes = ["image/jpeg", "image/png", "application/pdf"];

    /// <summary>Where phones upload to; nothing here counts until it has been checked. Give it a short lifecycle rule.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Uploads:QuarantineContainer must be a valid blob container name.")]
    public string QuarantineContainer { get; set; } = "quarantine";

    /// <summary>Where checked, cleaned documents are kept; only the server writes here.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Uploads:DocumentsContainer must be a valid blob container name.")]
    public string DocumentsContainer { get; set; } = "documents";

    /// <summary>How long an upload link may be used; long enough for a slow phone connection, short enough to be useless when leaked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SlotLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a staff read link may be used; at most ten minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReadLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far before now links start, so a storage clock a little behind ours still accepts them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:15:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest file kept. A SAS cannot limit size, so this is enforced when the upload is checked.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>
    /// Content types a parent may declare, from image/jpeg, image/png, application/pdf, image/heic.
    /// Null or empty means <see cref="DefaultAllowedContentTypes"/>; a configured list replaces the
    /// defaults rather than adding to them (which is why the defaults are not in this property).
    /// </summary>
    public string[]? AllowedContentTypes { get; set; }

    public IReadOnlyList<string> EffectiveAllowedContentTypes =>
        AllowedContentTypes is { Length: > 0 } configured
            ? configured.Select(FileSignature.Normalize).OfType<string>().Distinct().ToArray()
            : DefaultAllowedContentTypes;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var type in AllowedContentTypes ?? [])
        {
            if (FileSignature.KindOf(type) == FileKind.Unknown)
            {
                yield return new ValidationResult(
                    $"Uploads:AllowedContentTypes has '{type}'; only image/jpeg, image/png, application/pdf and image/heic can be checked.",
                    [nameof(AllowedContentTypes)]);
            }
        }

        if (QuarantineContainer == DocumentsContainer)
        {
            yield return new ValidationResult("Uploads:QuarantineContainer and Uploads:DocumentsContainer must differ.", [nameof(DocumentsContainer)]);
        }
    }
}
