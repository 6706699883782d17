using System.Buffers;
using System.Buffers.Binary;

namespace Enrollment.Core.Uploads;

/// <summary>What stripping an image's metadata came to.</summary>
public abstract record StripOutcome
{
    private StripOutcome()
    {
    }

    /// <summary>The image without its metadata; the pixels' encoded bytes are copied unchanged.</summary>
    public sealed record Cleaned(byte[] Image, int RemovedSegments) : StripOutcome;

    /// <summary>The file does not have the structure its type requires (truncated, overrunning, no image data).</summary>
    public sealed record Damaged(string Reason) : StripOutcome;

    /// <summary>The file carries metadata that cannot be removed safely here, so it must not be kept.</summary>
    public sealed record MetadataNotRemovable(string Reason) : StripOutcome;
}

/// <summary>
/// Removes what a phone camera adds to a photo besides the picture: GPS position, time, device,
/// owner names, thumbnails of the uncropped original, editing history. It never decodes or re-encodes
/// pixels: it walks the container structure and copies the segments that carry the image unchanged,
/// so quality is untouched and there is no image codec to attack.
/// <para>
/// Both walkers keep an allow list rather than a deny list: anything not known to be needed for
/// drawing the picture is dropped, so a vendor's new metadata segment is removed without a code change.
/// Bytes after the end-of-image marker are dropped too (phones append depth maps and second pictures,
/// each with its own Exif).
/// </para>
/// </summary>
public static class ImageMetadataStripper
{
    public static StripOutcome Strip(FileKind kind, ReadOnlySpan<byte> image) => kind switch
    {
        FileKind.Jpeg => StripJpeg(image),
        FileKind.Png => StripPng(image),
        FileKind.Heic => HeifMetadataInspector.Inspect(image),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only images carry metadata to strip."),
    };

    // ---- JPEG (ITU T.81 markers; Exif 2.3 APP1; JFIF APP0; Adobe APP14; ICC APP2)

    private const byte Eoi = 0xD9;
    private const byte Sos = 0xDA;
    private const byte App0 = 0xE0;
    private const byte App1 = 0xE1;
    private const byte App2 = 0xE2;
    private const byte App14 = 0xEE;
    private const byte App15 = 0xEF;
    private const byte Com = 0xFE;
    private const ushort OrientationTag = 0x0112;

    private static ReadOnlySpan<byte> ExifHeader => "Exif\0\0"u8;

    private static ReadOnlySpan<byte> JfifHeader => "JFIF\0"u8;

    private static ReadOnlySpan<byte> IccHeader => "ICC_PROFILE\0"u8;

    private static ReadOnlySpan<byte> AdobeHeader => "Adobe"u8;

    public static StripOutcome StripJpeg(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return new StripOutcome.Damaged("The JPEG does not start with SOI.");
        }

        var output = new ArrayBufferWriter<byte>(jpeg.Length);
        output.Write<byte>([0xFF, 0xD8]);
        var pos = 2;
        var removed = 0;
        var sawScan = false;
        int? orientation = null;
        var orientationAt = 2; // after SOI, or after a JFIF APP0, which must come first
        while (true)
        {
            if (pos >= jpeg.Length || jpeg[pos] != 0xFF)
            {
                return new StripOutcome.Damaged("The JPEG ends or breaks before its end-of-image marker.");
            }

            while (pos < jpeg.Length && jpeg[pos] == 0xFF)
            {
                pos++; // fill bytes before a marker
            }

            if (pos >= jpeg.Length)
            {
                return new StripOutcome.Damaged("The JPEG ends inside a marker.");
            }

            var marker = jpeg[pos++];
            if (marker == Eoi)
            {
                if (!sawScan)
                {
                    return new StripOutcome.Damaged("The JPEG has no image data.");
                }

                output.Write<byte>([0xFF, Eoi]);
                var written = output.WrittenSpan;
                byte[] image = orientation is { } value
                    ? [.. written[..orientationAt], .. OrientationOnlyApp1((ushort)value), .. written[orientationAt..]]
                    : written.ToArray();
                return new StripOutcome.Cleaned(image, removed + (pos < jpeg.Length ? 1 : 0));
            }

            if (marker is 0x00 or 0xD8)
            {
                return new StripOutcome.Damaged("The JPEG has a marker where none may be.");
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                output.Write<byte>([0xFF, marker]); // restart and TEM markers have no length
                continue;
            }

            if (pos + 2 > jpeg.Length)
            {
                return new StripOutcome.Damaged("The JPEG ends inside a segment length.");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[pos..]);
            if (length < 2 || pos + length > jpeg.Length)
            {
                return new StripOutcome.Damaged("A JPEG segment runs past the end of the file.");
            }

            var segment = jpeg.Slice(pos, length); // length field + payload
            var payload = segment[2..];
            pos += length;

            if (marker == App1 && payload.StartsWith(ExifHeader))
            {
                // The Exif orientation is the one tag worth keeping: without it a photo taken upright
                // shows sideways to the school. It is written back alone, right after SOI (or after a
                // leading JFIF APP0), so nothing else of Exif survives.
                var found = ReadExifOrientation(payload[ExifHeader.Length..]);
                if (orientation is null && found is > 1 and <= 8)
                {
                    orientation = found;
                    removed += segment.SequenceEqual(OrientationOnlyApp1((ushort)found).AsSpan(2)) ? 0 : 1; // already clean: nothing removed
                }
                else
                {
                    removed++;
                }
            }
            else if (KeepJpegSegment(marker, payload))
            {
                output.Write<byte>([0xFF, marker]);
                output.Write(segment);
                if (marker == App0 && output.WrittenCount == 4 + segment.Length)
                {
                    orientationAt = output.WrittenCount;
                }
            }
            else
            {
                removed++;
            }

            if (marker == Sos)
            {
                sawScan = true;
                var start = pos;
                if (!SkipEntropyCodedData(jpeg, ref pos))
                {
                    return new StripOutcome.Damaged("The JPEG image data has no end.");
                }

                output.Write(jpeg[start..pos]);
            }
        }
    }

    private static bool KeepJpegSegment(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        App0 => payload.StartsWith(JfifHeader),         // JFIF: density; not JFXX, whose thumbnail may be of the uncropped photo
        App2 => payload.StartsWith(IccHeader),          // the colour profile; not MPF (second pictures) or FlashPix
        App14 => payload.StartsWith(AdobeHeader),       // decides the colour transform of the pixels
        >= App0 and <= App15 => false,                  // Exif, XMP, IPTC (APP13), maker data, …
        Com => false,                                   // free text comments
        _ => true,                                      // tables, frame and scan headers: the image itself
    };

    /// <summary>Moves past the entropy-coded bytes after a scan header, up to the next real marker.</summary>
    private static bool SkipEntropyCodedData(ReadOnlySpan<byte> jpeg, ref int pos)
    {
        while (pos + 1 < jpeg.Length)
        {
            if (jpeg[pos] != 0xFF)
            {
                pos++;
                continue;
            }

            var next = jpeg[pos + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                pos += 2; // a stuffed 0xFF data byte, or a restart marker inside the scan
            }
            else if (next == 0xFF)
            {
                pos++; // fill byte: the marker follows
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Orientation tag of IFD0 (1–8), or 1 when absent or unreadable. Bounded reads only.</summary>
    internal static int ReadExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 1;
        }

        bool littleEndian;
        if (tiff[0] == (byte)'I' && tiff[1] == (byte)'I')
        {
            littleEndian = true;
        }
        else if (tiff[0] == (byte)'M' && tiff[1] == (byte)'M')
        {
            littleEndian = false;
        }
        else
        {
            return 1;
        }

        if (U16(tiff, 2, littleEndian) != 42)
        {
            return 1;
        }

        var ifd = U32(tiff, 4, littleEndian);
        if (ifd > (uint)(tiff.Length - 2))
        {
            return 1;
        }

        var count = U16(tiff, (int)ifd, littleEndian);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + (12 * i);
            if (entry + 12 > tiff.Length)
            {
                break;
            }

            // SHORT (type 3), one value, stored in the first two bytes of the value field.
            if (U16(tiff, entry, littleEndian) == OrientationTag && U16(tiff, entry + 2, littleEndian) == 3 && U32(tiff, entry + 4, littleEndian) == 1)
            {
                var value = U16(tiff, entry + 8, littleEndian);
                return value is >= 1 and <= 8 ? value : 1;
            }
        }

        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);

    /// <summary>A complete APP1 segment whose Exif holds the Orientation tag and nothing else.</summary>
    internal static byte[] OrientationOnlyApp1(ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD0 at offset 8
            0x00, 0x01,                                               // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,           // Orientation, SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,  // value, padded
            0x00, 0x00, 0x00, 0x00,                                   // no next IFD
        ];
        var length = 2 + ExifHeader.Length + tiff.Length;
        return [0xFF, App1, (byte)(length >> 8), (byte)length, .. ExifHeader, .. tiff];
    }

    // ---- PNG (ISO/IEC 15948, W3C PNG third edition)

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] CriticalChunks = ["IHDR", "PLTE", "IDAT", "IEND"];

    // Ancillary chunks that change how the pixels look. Everything else goes: tEXt, zTXt and iTXt
    // (free text, XMP), eXIf (Exif with GPS), tIME, hIST, sPLT, APNG frames and private chunks.
    private static readonly string[] KeptAncillaryChunks = ["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD", "cICP", "mDCV", "mDCv", "cLLI", "cLLi"];

    public static StripOutcome StripPng(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(PngSignature))
        {
            return new StripOutcome.Damaged("The PNG signature is missing.");
        }

        var output = new ArrayBufferWriter<byte>(png.Length);
        output.Write(PngSignature);
        var pos = PngSignature.Length;
        var removed = 0;
        var sawImageData = false;
        var first = true;
        while (true)
        {
            if (pos + 12 > png.Length)
            {
                return new StripOutcome.Damaged("The PNG ends before its IEND chunk.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            if (length > int.MaxValue || (long)pos + 12 + length > png.Length)
            {
                return new StripOutcome.Damaged("A PNG chunk runs past the end of the file.");
            }

            var typeBytes = png.Slice(pos + 4, 4);
            foreach (var b in typeBytes)
            {
                if (!char.IsAsciiLetter((char)b))
                {
                    return new StripOutcome.Damaged("A PNG chunk has an invalid type.");
                }
            }

            var type = System.Text.Encoding.ASCII.GetString(typeBytes);
            var chunk = png.Slice(pos, 12 + (int)length); // length, type, data, CRC
            pos += chunk.Length;

            if (first != (type == "IHDR"))
            {
                return new StripOutcome.Damaged("The PNG does not start with exactly one IHDR.");
            }

            first = false;
            var critical = (typeBytes[0] & 0x20) == 0;
            if (critical && !CriticalChunks.Contains(type))
            {
                // Decoders must refuse an unknown critical chunk, so the school could not open it either.
                return new StripOutcome.Damaged($"The PNG has an unknown critical chunk {type}.");
            }

            if (critical || KeptAncillaryChunks.Contains(type))
            {
                output.Write(chunk);
            }
            else
            {
                removed++;
            }

            sawImageData |= type == "IDAT";
            if (type == "IEND")
            {
                return sawImageData
                    ? new StripOutcome.Cleaned(output.WrittenSpan.ToArray(), removed + (pos < png.Length ? 1 : 0))
                    : new StripOutcome.Damaged("The PNG has no image data.");
            }
        }
    }
}
