using System.Buffers.Binary;
using System.Text;

namespace Enrollment.Core.Uploads;

/// <summary>
/// HEIC/HEIF (ISO/IEC 23008-12) is not stripped, only inspected. Removing its Exif item would mean
/// rewriting the item location table (absolute file offsets into the media data) and every box size
/// above it, without a decoder here to prove the result still opens; a half-right rewrite either
/// breaks the picture or leaves the GPS bytes in the file while hiding them from viewers. For a
/// child's documents the safer rule is: a HEIF file is kept, byte for byte, only when every box and
/// item in it is known to be picture data; anything that is or might be metadata (Exif, XMP/MIME
/// items, URI items, user descriptions, private or unknown boxes, image sequences) refuses the file,
/// and the parent is asked for a JPEG or a screenshot instead. iPhone photos carry Exif, so in
/// practice they are refused; keep image/heic out of the allowed types unless that is acceptable
/// (iOS Safari already converts HEIC to JPEG when the file input does not accept image/heic).
/// </summary>
internal static class HeifMetadataInspector
{
    private static readonly string[] TopLevelBoxes = ["ftyp", "meta", "mdat", "free", "skip"];
    private static readonly string[] MetaBoxes = ["hdlr", "pitm", "iloc", "iinf", "iref", "iprp", "idat", "dinf", "grpl"];
    private static readonly string[] PictureItems = ["hvc1", "hvt1", "grid", "iden", "iovl", "av01", "jpeg", "tmap"];
    private static readonly string[] PictureProperties =
        ["hvcC", "ispe", "colr", "pixi", "irot", "imir", "clap", "auxC", "rloc", "lsel", "pasp", "clli", "mdcv", "cclv", "amve", "av1C", "a1op", "a1lx", "lhvC", "oinf", "tols"];

    public static StripOutcome Inspect(ReadOnlySpan<byte> file)
    {
        var sawMeta = false;
        for (var pos = 0; pos < file.Length;)
        {
            if (!TryReadBox(file, pos, out var type, out var body, out var next))
            {
                return new StripOutcome.Damaged("A HEIF box runs past the end of the file.");
            }

            if (!TopLevelBoxes.Contains(type))
            {
                return new StripOutcome.MetadataNotRemovable($"The HEIF file has a top-level '{type}' box.");
            }

            if (type == "meta")
            {
                if (sawMeta)
                {
                    return new StripOutcome.Damaged("The HEIF file has two 'meta' boxes.");
                }

                sawMeta = true;
                if (InspectMeta(file.Slice(body, next - body)) is { } refusal)
                {
                    return refusal;
                }
            }

            pos = next;
        }

        return sawMeta
            ? new StripOutcome.Cleaned(file.ToArray(), RemovedSegments: 0)
            : new StripOutcome.Damaged("The HEIF file has no 'meta' box.");
    }

    private static StripOutcome? InspectMeta(ReadOnlySpan<byte> meta)
    {
        if (meta.Length < 4)
        {
            return new StripOutcome.Damaged("The HEIF 'meta' box is too short.");
        }

        var sawItems = false;
        foreach (var (type, body) in Children(meta[4..]))
        {
            if (type is null)
            {
                return new StripOutcome.Damaged("A HEIF box inside 'meta' is malformed.");
            }

            if (!MetaBoxes.Contains(type))
            {
                return new StripOutcome.MetadataNotRemovable($"The HEIF 'meta' box has a '{type}' box.");
            }

            var refusal = type switch
            {
                "iinf" => InspectItems(body),
                "iprp" => InspectProperties(body),
                _ => null,
            };
            if (refusal is not null)
            {
                return refusal;
            }

            sawItems |= type == "iinf";
        }

        return sawItems ? null : new StripOutcome.Damaged("The HEIF file lists no items.");
    }

    private static StripOutcome? InspectItems(ReadOnlySpan<byte> iinf)
    {
        var headerLength = iinf.Length > 0 && iinf[0] == 0 ? 6 : 8; // version/flags + 16- or 32-bit count
        if (iinf.Length < headerLength)
        {
            return new StripOutcome.Damaged("The HEIF item list is too short.");
        }

        foreach (var (type, body) in Children(iinf[headerLength..]))
        {
            if (type != "infe" || body.Length < 4)
            {
                return new StripOutcome.Damaged("The HEIF item list holds something other than items.");
            }

            // Versions 0 and 1 carry no item type, so we cannot tell picture from metadata.
            var itemTypeAt = body[0] switch { 2 => 8, 3 => 10, _ => -1 };
            if (itemTypeAt < 0 || body.Length < itemTypeAt + 4)
            {
                return new StripOutcome.MetadataNotRemovable("A HEIF item does not say what it is.");
            }

            var itemType = Encoding.ASCII.GetString(body, itemTypeAt, 4);
            if (!PictureItems.Contains(itemType))
            {
                return new StripOutcome.MetadataNotRemovable($"The HEIF file has a '{itemType}' item (Exif, XMP or other metadata).");
            }
        }

        return null;
    }

    private static StripOutcome? InspectProperties(ReadOnlySpan<byte> iprp)
    {
        foreach (var (type, body) in Children(iprp))
        {
            if (type is not ("ipco" or "ipma"))
            {
                return new StripOutcome.MetadataNotRemovable($"The HEIF properties hold a '{type ?? "malformed"}' box.");
            }

            if (type == "ipco")
            {
                foreach (var (property, _) in Children(body))
                {
                    if (property is null || !PictureProperties.Contains(property))
                    {
                        return new StripOutcome.MetadataNotRemovable($"The HEIF file has a '{property ?? "malformed"}' property.");
                    }
                }
            }
        }

        return null;
    }

    private static List<(string? Type, byte[] Body)> Children(ReadOnlySpan<byte> data)
    {
        // Small lists of small boxes (the media data is never inside 'meta'), so copying is fine.
        var children = new List<(string?, byte[])>();
        for (var pos = 0; pos < data.Length;)
        {
            if (!TryReadBox(data, pos, out var type, out var body, out var next))
            {
                children.Add((null, []));
                break;
            }

            children.Add((type, data[body..next].ToArray()));
            pos = next;
        }

        return children;
    }

    /// <summary>Reads one box header at <paramref name="pos"/>: its type, where its body starts and where the next box starts.</summary>
    private static bool TryReadBox(ReadOnlySpan<byte> data, int pos, out string type, out int body, out int next)
    {
        type = "";
        body = next = 0;
        if (pos + 8 > data.Length)
        {
            return false;
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
        type = Encoding.ASCII.GetString(data.Slice(pos + 4, 4));
        body = pos + 8;
        if (size == 1)
        {
            if (pos + 16 > data.Length)
            {
                return false;
            }

            size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 8)..]), long.MaxValue);
            body = pos + 16;
        }
        else if (size == 0)
        {
            size = data.Length - pos; // the last box extends to the end of the file
        }

        if (size < body - pos || pos + size > data.Length)
        {
            return false;
        }

        next = (int)(pos + size);
        return true;
    }
}
