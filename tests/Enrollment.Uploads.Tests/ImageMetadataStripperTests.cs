using Enrollment.Core.Uploads;
using static Enrollment.Uploads.Tests.TestImages;

namespace Enrollment.Uploads.Tests;

public sealed class ImageMetadataStripperTests
{
    private static byte[] Cleaned(StripOutcome outcome) => Assert.IsType<StripOutcome.Cleaned>(outcome).Image;

    [Fact]
    public void APhonePhotoKeepsItsImageSegmentsByteForByteAndLosesEverythingElse()
    {
        var photo = PhonePhoto(orientation: 6);
        Assert.True(ContainsAscii(photo, "PhoneCo")); // the input really has what we claim to remove

        var clean = Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, photo));

        // Exactly: SOI, JFIF, Orientation alone, the colour profile, the image unchanged, EOI, and nothing after.
        byte[] expected = [.. Soi, .. Jfif, .. OrientationOnlyApp1(6), .. Icc, .. ImageSegments, .. Eoi];
        Assert.Equal(expected, clean);
    }

    [Fact]
    public void NoGpsMakeXmpIptcCommentOrSecondPictureSurvives()
    {
        var clean = Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, PhonePhoto()));

        foreach (var trace in new[] { "PhoneCo", "GPSLatitude", "JFXX", "uncropped", "http://ns.adobe.com", "Photoshop", "Beijing", "shot at home", "MPF" })
        {
            Assert.False(ContainsAscii(clean, trace), $"'{trace}' is still in the image.");
        }

        // The GPS IFD pointer tag (0x8825) and the latitude rational 2712/100 are gone too.
        Assert.Equal(-1, clean.AsSpan().IndexOf([(byte)0x88, (byte)0x25]));
        Assert.Equal(-1, clean.AsSpan().IndexOf([(byte)0, (byte)0, (byte)0x0A, (byte)0x98]));
        Assert.Equal(2, clean.AsSpan().Count([(byte)0xFF, (byte)0xD8]) + clean.AsSpan().Count([(byte)0xFF, (byte)0xD9]));
    }

    [Fact]
    public void TheOrientationGoesAfterAJfifHeaderThatCameAfterTheExif()
    {
        byte[] photo = [.. Soi, .. ExifApp1(5), .. Jfif, .. ImageSegments, .. Eoi];

        var clean = Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, photo));

        Assert.Equal([.. Soi, .. Jfif, .. OrientationOnlyApp1(5), .. ImageSegments, .. Eoi], clean);
    }

    [Fact]
    public void AnUprightPhotoKeepsNoExifAtAll()
    {
        var clean = Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, PhonePhoto(orientation: 1)));

        Assert.Equal([.. Soi, .. Jfif, .. Icc, .. ImageSegments, .. Eoi], clean);
        Assert.False(ContainsAscii(clean, "Exif"));
    }

    [Fact]
    public void TheOrientationIsReadFromLittleEndianExifToo()
    {
        var clean = Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, PhonePhoto(orientation: 8, littleEndianExif: true)));

        Assert.Equal([.. Soi, .. Jfif, .. OrientationOnlyApp1(8), .. Icc, .. ImageSegments, .. Eoi], clean);
    }

    [Fact]
    public void AProgressiveJpegKeepsEveryScanAndTheTablesBetweenThem()
    {
        byte[] secondScan = [0x01, 0xFF, 0x00, 0x02, 0xFF, 0xD7, 0x03];
        byte[] photo = [.. Soi, .. Dqt, .. Sof2, .. Dht, .. Sos, .. ScanData, .. Comment, .. Dht, .. Sos, .. secondScan, .. ExifApp1(3), .. Eoi];

        var clean = Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, photo));

        Assert.Equal([.. Soi, .. OrientationOnlyApp1(3), .. Dqt, .. Sof2, .. Dht, .. Sos, .. ScanData, .. Dht, .. Sos, .. secondScan, .. Eoi], clean);
    }

    [Fact]
    public void AdobeColourInformationIsKept()
    {
        byte[] photo = [.. Soi, .. Adobe, .. ImageSegments, .. Eoi];
        Assert.Equal(photo, Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, photo)));
    }

    [Fact]
    public void StrippingTwiceChangesNothingMore()
    {
        var once = Cleaned(ImageMetadataStripper.Strip(FileKind.Jpeg, PhonePhoto()));
        var twice = ImageMetadataStripper.Strip(FileKind.Jpeg, once);

        Assert.Equal(once, Cleaned(twice));
        Assert.Equal(0, ((StripOutcome.Cleaned)twice).RemovedSegments);
    }

    [Theory]
    [InlineData("truncated in the image data")]
    [InlineData("truncated in a segment")]
    [InlineData("no image data")]
    [InlineData("not a JPEG")]
    [InlineData("garbage between segments")]
    public void ABrokenJpegIsDamaged(string how)
    {
        var photo = PhonePhoto();
        byte[] broken = how switch
        {
            "truncated in the image data" => photo[..(photo.Length - Eoi.Length - Trailer.Length - 3)],
            "truncated in a segment" => photo[..(Soi.Length + Jfif.Length + 20)],
            "no image data" => [.. Soi, .. Jfif, .. Dqt, .. Eoi],
            "not a JPEG" => [.. "GIF89a"u8, 0, 0, 0, 0],
            _ => [.. Soi, .. Jfif, 0x00, 0x01, .. ImageSegments, .. Eoi],
        };

        Assert.IsType<StripOutcome.Damaged>(ImageMetadataStripper.Strip(FileKind.Jpeg, broken));
    }

    [Fact]
    public void ASegmentLengthPastTheEndIsDamaged()
    {
        byte[] photo = [.. Soi, 0xFF, 0xE1, 0xFF, 0xF0, .. "Exif\0\0"u8];
        Assert.IsType<StripOutcome.Damaged>(ImageMetadataStripper.Strip(FileKind.Jpeg, photo));
    }

    [Fact]
    public void APngLosesTextExifTimeAndPrivateChunksAndKeepsItsImageChunksUnchanged()
    {
        var png = PngWithMetadata;
        Assert.True(ContainsAscii(png, "Wang Jianguo"));

        var clean = Cleaned(ImageMetadataStripper.Strip(FileKind.Png, png));

        Assert.Equal(CleanPng, clean);
        foreach (var chunk in new[] { "tEXt", "zTXt", "iTXt", "eXIf", "tIME", "prVt", "Wang", "GPS", "PhoneCo", "trailing" })
        {
            Assert.False(ContainsAscii(clean, chunk), $"'{chunk}' is still in the PNG.");
        }
    }

    [Fact]
    public void ACleanPngIsUnchanged() =>
        Assert.Equal(CleanPng, Cleaned(ImageMetadataStripper.Strip(FileKind.Png, CleanPng)));

    [Theory]
    [InlineData("no IEND")]
    [InlineData("no IDAT")]
    [InlineData("IDAT first")]
    [InlineData("unknown critical chunk")]
    [InlineData("chunk past the end")]
    [InlineData("bad chunk type")]
    public void ABrokenPngIsDamaged(string how)
    {
        byte[] broken = how switch
        {
            "no IEND" => [.. PngSignature, .. Ihdr, .. Idat],
            "no IDAT" => [.. PngSignature, .. Ihdr, .. Iend],
            "IDAT first" => [.. PngSignature, .. Idat, .. Ihdr, .. Iend],
            "unknown critical chunk" => [.. PngSignature, .. Ihdr, .. Chunk("XYZW", [1, 2]), .. Idat, .. Iend],
            "chunk past the end" => [.. PngSignature, .. Ihdr, 0x7F, 0, 0, 0, .. "IDAT"u8, 0, 0, 0, 0],
            _ => [.. PngSignature, .. Ihdr, 0, 0, 0, 0, 0x49, 0x44, 0x41, 0x01, 0, 0, 0, 0, .. Idat, .. Iend],
        };

        Assert.IsType<StripOutcome.Damaged>(ImageMetadataStripper.Strip(FileKind.Png, broken));
    }

    [Fact]
    public void AHeifStillWithOnlyPictureDataIsKeptUnchanged()
    {
        var heif = Heif();
        Assert.Equal(heif, Cleaned(ImageMetadataStripper.Strip(FileKind.Heic, heif)));
    }

    [Fact]
    public void AHeifPhotoWithExifIsRefusedRatherThanKeptWithItsGpsPosition() =>
        Assert.IsType<StripOutcome.MetadataNotRemovable>(ImageMetadataStripper.Strip(FileKind.Heic, Heif(withExif: true)));

    [Fact]
    public void AHeifUserDescriptionIsMetadataToo() =>
        Assert.IsType<StripOutcome.MetadataNotRemovable>(ImageMetadataStripper.Strip(FileKind.Heic, Heif(withUserDescription: true)));

    [Fact]
    public void AHeifWithAnUnknownTopLevelBoxIsRefused() =>
        Assert.IsType<StripOutcome.MetadataNotRemovable>(ImageMetadataStripper.Strip(FileKind.Heic, [.. Heif(), .. Box("uuid", new byte[20])]));

    [Fact]
    public void ATruncatedHeifIsDamaged()
    {
        var heif = Heif();
        Assert.IsType<StripOutcome.Damaged>(ImageMetadataStripper.Strip(FileKind.Heic, heif[..(heif.Length - 3)]));
    }
}
