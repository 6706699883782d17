namespace Enrollment.Core.Uploads;

/// <summary>The file types a parent may attach, as recognised from their first bytes.</summary>
public enum FileKind
{
    Unknown,
    Jpeg,
    Png,
    Pdf,
    Heic,
}

/// <summary>
/// Recognises a file by its magic bytes, never by its name or the type the phone claimed: the name
/// and the declared type are what the parent says, the bytes are what the school will open.
/// </summary>
public static class FileSignature
{
    /// <summary>Bytes enough for <see cref="Detect"/>: the HEIF brand ends at offset 12.</summary>
    public const int HeaderLength = 12;

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Pdf => "%PDF-"u8;

    private static ReadOnlySpan<byte> FileTypeBox => "ftyp"u8;

    // Major brands of HEIF stills and sequences as phones write them (ISO/IEC 23008-12).
    private static readonly string[] HeifBrands = ["heic", "heix", "mif1", "msf1", "hevc"];

    public static FileKind Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(Jpeg))
        {
            return FileKind.Jpeg;
        }

        if (header.StartsWith(Png))
        {
            return FileKind.Png;
        }

        // A PDF may legally have junk before %PDF- in its first KiB; we accept only what phones and
        // scanners write, so a polyglot (an HTML or ZIP file that is also a PDF) cannot pass.
        if (header.StartsWith(Pdf))
        {
            return FileKind.Pdf;
        }

        if (header.Length >= HeaderLength && header.Slice(4, 4).SequenceEqual(FileTypeBox))
        {
            var brand = System.Text.Encoding.ASCII.GetString(header.Slice(8, 4));
            if (HeifBrands.Contains(brand))
            {
                return FileKind.Heic;
            }
        }

        return FileKind.Unknown;
    }

    /// <summary>The one content type each kind is stored and served with.</summary>
    public static string? ContentTypeOf(FileKind kind) => kind switch
    {
        FileKind.Jpeg => "image/jpeg",
        FileKind.Png => "image/png",
        FileKind.Pdf => "application/pdf",
        FileKind.Heic => "image/heic",
        _ => null,
    };

    /// <summary>The kind a declared content type names; <see cref="FileKind.Unknown"/> for anything else.</summary>
    public static FileKind KindOf(string? contentType) => Normalize(contentType) switch
    {
        "image/jpeg" => FileKind.Jpeg,
        "image/png" => FileKind.Png,
        "application/pdf" => FileKind.Pdf,
        "image/heic" => FileKind.Heic,
        _ => FileKind.Unknown,
    };

    /// <summary>
    /// Lower case, parameters dropped, and the aliases some phones send mapped to the standard
    /// name (older Android browsers say image/jpg; iOS says image/heif for some HEIC photos).
    /// </summary>
    public static string? Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var bare = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return bare switch
        {
            "image/jpg" or "image/pjpeg" => "image/jpeg",
            "image/heif" => "image/heic",
            _ => bare,
        };
    }

    public static bool IsImage(FileKind kind) => kind is FileKind.Jpeg or FileKind.Png or FileKind.Heic;
}
