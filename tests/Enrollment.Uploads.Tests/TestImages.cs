using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Enrollment.Uploads.Tests;

/// <summary>
/// Small files built byte by byte, shaped like what phones write: a JPEG whose Exif has a GPS
/// position, XMP, IPTC, a comment, a second picture after the end; a PNG with text, Exif and time
/// chunks; HEIF files with and without an Exif item.
/// </summary>
public static class TestImages
{
    // ---- JPEG

    public static byte[] Segment(byte marker, params byte[] payload) =>
        [0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];

    public static readonly byte[] Soi = [0xFF, 0xD8];
    public static readonly byte[] Eoi = [0xFF, 0xD9];
    public static readonly byte[] Jfif = Segment(0xE0, [.. "JFIF\0"u8, 1, 2, 0, 0, 1, 0, 1, 0, 0]);
    public static readonly byte[] JfxxThumbnail = Segment(0xE0, [.. "JFXX\0"u8, 0x13, 2, 1, .. "uncropped thumbnail"u8]);
    public static readonly byte[] Icc = Segment(0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. "colour profile bytes"u8]);
    public static readonly byte[] Adobe = Segment(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 1]);
    public static readonly byte[] Xmp = Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. "<x:xmpmeta><exif:GPSLatitude>39,54.45N</exif:GPSLatitude></x:xmpmeta>"u8]);
    public static readonly byte[] Iptc = Segment(0xED, [.. "Photoshop 3.0\0"u8, .. "8BIM"u8, 4, 4, 0, 0, .. "City: Beijing"u8]);
    public static readonly byte[] Comment = Segment(0xFE, [.. "shot at home 39.9N 116.4E"u8]);
    public static readonly byte[] Mpf = Segment(0xE2, [.. "MPF\0"u8, .. "second picture index"u8]);
    public static readonly byte[] Dqt = Segment(0xDB, [0x00, .. Enumerable.Range(1, 64).Select(i => (byte)i)]);
    public static readonly byte[] Sof0 = Segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
    public static readonly byte[] Sof2 = Segment(0xC2, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
    public static readonly byte[] Dht = Segment(0xC4, [0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05]);
    public static readonly byte[] Dri = Segment(0xDD, [0, 4]);
    public static readonly byte[] Sos = Segment(0xDA, [1, 1, 0x00, 0, 63, 0]);

    /// <summary>Entropy-coded data with a stuffed 0xFF byte and a restart marker, as real scans have.</summary>
    public static readonly byte[] ScanData = [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0x9A, 0xFF, 0x00, 0xBC];

    /// <summary>What a phone appends after the picture: a second JPEG with its own Exif.</summary>
    public static byte[] Trailer => [.. Soi, .. ExifApp1(orientation: 1), .. Eoi];

    /// <summary>The image proper: every segment the stripper must copy unchanged, in order.</summary>
    public static byte[] ImageSegments => [.. Dqt, .. Sof0, .. Dht, .. Dri, .. Sos, .. ScanData];

    /// <summary>A phone photo: JFIF, a JFXX thumbnail, Exif with GPS, XMP, ICC, MPF, IPTC, a comment, the image, a second picture.</summary>
    public static byte[] PhonePhoto(ushort orientation = 6, bool littleEndianExif = false) =>
        [.. Soi, .. Jfif, .. JfxxThumbnail, .. ExifApp1(orientation, littleEndianExif), .. Xmp, .. Icc, .. Mpf, .. Iptc, .. Comment, .. ImageSegments, .. Eoi, .. Trailer];

    /// <summary>An APP1 Exif segment: IFD0 with Make, Orientation and a GPS IFD with latitude and longitude.</summary>
    public static byte[] ExifApp1(ushort orientation, bool littleEndian = false)
    {
        var tiff = new byte[160];
        var span = tiff.AsSpan();
        void U16(int at, ushort v) { if (littleEndian) { BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), v); } }
        void U32(int at, uint v) { if (littleEndian) { BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), v); } }
        void Entry(int at, ushort tag, ushort type, uint count, uint value) { U16(at, tag); U16(at + 2, type); U32(at + 4, count); U32(at + 8, value); }

        tiff[0] = tiff[1] = (byte)(littleEndian ? 'I' : 'M');
        U16(2, 42);
        U32(4, 8);
        U16(8, 3);                                   // IFD0 at 8: three entries
        Entry(10, 0x010F, 2, 8, 50);                 // Make → "PhoneCo\0" at 50
        Entry(22, 0x0112, 3, 1, 0);                  // Orientation
        U16(30, orientation);                        // (a SHORT sits in the first two bytes of the value)
        Entry(34, 0x8825, 4, 1, 58);                 // GPS IFD at 58
        U32(46, 0);                                  // no IFD1
        "PhoneCo\0"u8.CopyTo(span[50..]);
        U16(58, 4);                                  // GPS IFD: four entries
        Entry(60, 0x0001, 2, 2, 0);                  // GPSLatitudeRef "N"
        tiff[68] = (byte)'N';
        Entry(72, 0x0002, 5, 3, 112);                // GPSLatitude → three rationals at 112
        Entry(84, 0x0003, 2, 2, 0);                  // GPSLongitudeRef "E"
        tiff[92] = (byte)'E';
        Entry(96, 0x0004, 5, 3, 136);                // GPSLongitude → at 136
        U32(108, 0);
        uint[] position = [39, 1, 54, 1, 2712, 100, 116, 1, 23, 1, 4512, 100];
        for (var i = 0; i < position.Length; i++)
        {
            U32(112 + (4 * i), position[i]);
        }

        return Segment(0xE1, [.. "Exif\0\0"u8, .. tiff]);
    }

    /// <summary>The Exif APP1 the stripper must leave when the photo is rotated: Orientation alone, nothing else.</summary>
    public static byte[] OrientationOnlyApp1(byte orientation) =>
    [
        0xFF, 0xE1, 0x00, 0x22, .. "Exif\0\0"u8,
        (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
        0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ];

    // ---- PNG

    public static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>A real 2×2 RGB image (decodable by any viewer).</summary>
    public static byte[] Ihdr => Chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);

    public static byte[] Idat
    {
        get
        {
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize))
            {
                zlib.Write([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]); // filter 0 + two pixels, twice
            }

            return Chunk("IDAT", compressed.ToArray());
        }
    }

    public static byte[] Iend => Chunk("IEND", []);

    public static byte[] Srgb => Chunk("sRGB", [0]);

    public static byte[] Gama => Chunk("gAMA", [0, 0, 0xB1, 0x8F]);

    public static byte[] Phys => Chunk("pHYs", [0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]);

    /// <summary>A screenshot-like PNG with text, XMP, Exif (GPS), time and a private chunk, and bytes after IEND.</summary>
    public static byte[] PngWithMetadata =>
    [
        .. PngSignature, .. Ihdr, .. Srgb, .. Gama,
        .. Chunk("tEXt", [.. "Author\0Wang Jianguo"u8]),
        .. Chunk("zTXt", [.. "Comment\0"u8, 0, 0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
        .. Chunk("iTXt", [.. "XML:com.adobe.xmp\0\0\0\0\0"u8, .. "<exif:GPSLatitude>39,54N</exif:GPSLatitude>"u8]),
        .. Chunk("eXIf", ExifApp1(orientation: 1).AsSpan(10)),
        .. Chunk("tIME", [0x07, 0xEA, 8, 6, 10, 0, 0]),
        .. Phys,
        .. Chunk("prVt", [.. "private vendor data"u8]),
        .. Idat,
        .. Iend,
        .. "trailing bytes"u8,
    ];

    public static byte[] CleanPng => [.. PngSignature, .. Ihdr, .. Srgb, .. Gama, .. Phys, .. Idat, .. Iend];

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    // ---- HEIF

    public static byte[] Box(string type, params byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    public static byte[] FullBox(string type, byte version, params byte[] payload) => Box(type, [version, 0, 0, 0, .. payload]);

    private static byte[] Item(ushort id, string type) =>
        FullBox("infe", 2, [(byte)(id >> 8), (byte)id, 0, 0, .. Encoding.ASCII.GetBytes(type), 0]);

    /// <summary>A HEIF still with one coded picture, plus an Exif item when asked (as every iPhone photo has).</summary>
    public static byte[] Heif(bool withExif = false, bool withUserDescription = false, string brand = "heic")
    {
        byte[] items = withExif ? [0, 2, .. Item(1, "hvc1"), .. Item(2, "Exif")] : [0, 1, .. Item(1, "hvc1")];
        byte[] properties =
        [
            .. Box("hvcC", [1, 2, 3, 4]),
            .. FullBox("ispe", 0, [0, 0, 0, 2, 0, 0, 0, 2]),
            .. (withUserDescription ? FullBox("udes", 0, [.. "zh\0Wang family\0home\0"u8]) : []),
        ];
        return
        [
            .. Box("ftyp", [.. Encoding.ASCII.GetBytes(brand), 0, 0, 0, 0, .. "mif1heic"u8]),
            .. FullBox("meta", 0,
            [
                .. FullBox("hdlr", 0, [0, 0, 0, 0, .. "pict"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                .. FullBox("pitm", 0, [0, 1]),
                .. FullBox("iinf", 0, items),
                .. FullBox("iloc", 0, [0x44, 0x00, 0, 0]),
                .. Box("iprp", [.. Box("ipco", properties), .. FullBox("ipma", 0, [0, 0, 0, 0])]),
            ]),
            .. Box("mdat", [0x00, 0x00, 0x00, 0x04, 0x26, 0x01, 0xAF, 0x00]),
        ];
    }

    // ---- PDF

    public static byte[] Pdf => [.. "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8];

    public static bool ContainsAscii(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;
}
