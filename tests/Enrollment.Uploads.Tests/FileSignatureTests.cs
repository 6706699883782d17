using System.Text;
using Enrollment.Core.Uploads;

namespace Enrollment.Uploads.Tests;

public sealed class FileSignatureTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, FileKind.Jpeg)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1 }, FileKind.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, FileKind.Png)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, FileKind.Pdf)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFE }, FileKind.Unknown)]                      // not a JPEG marker after SOI
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A }, FileKind.Unknown)] // PNG signature cut short
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x0A, 0x0A }, FileKind.Unknown)] // line endings mangled
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 }, FileKind.Unknown)]                 // "%PDF" without the dash
    [InlineData(new byte[] { }, FileKind.Unknown)]
    public void RecognisesFilesByTheirFirstBytes(byte[] header, FileKind expected) =>
        Assert.Equal(expected, FileSignature.Detect(header));

    [Theory]
    [InlineData("heic", FileKind.Heic)]
    [InlineData("heix", FileKind.Heic)]
    [InlineData("mif1", FileKind.Heic)]
    [InlineData("msf1", FileKind.Heic)]
    [InlineData("hevc", FileKind.Heic)]
    [InlineData("isom", FileKind.Unknown)] // an MP4 video has the same box, another brand
    [InlineData("avif", FileKind.Unknown)]
    [InlineData("qt  ", FileKind.Unknown)]
    public void RecognisesHeifByTheBrandOfItsFileTypeBox(string brand, FileKind expected)
    {
        byte[] header = [0, 0, 0, 0x18, .. "ftyp"u8, .. Encoding.ASCII.GetBytes(brand), 0, 0, 0, 0];
        Assert.Equal(expected, FileSignature.Detect(header));
    }

    [Fact]
    public void AFileTypeBoxAtTheWrongOffsetIsNotHeif() =>
        Assert.Equal(FileKind.Unknown, FileSignature.Detect([0, 0, 0, 0x18, 0, .. "ftypheic"u8, 0, 0, 0]));

    [Fact]
    public void APdfMarkerAfterOtherBytesIsNotAPdf() =>
        Assert.Equal(FileKind.Unknown, FileSignature.Detect([.. "<html>%PDF-1.7"u8]));

    [Fact]
    public void TheBuiltTestFilesAreRecognised()
    {
        Assert.Equal(FileKind.Jpeg, FileSignature.Detect(TestImages.PhonePhoto()));
        Assert.Equal(FileKind.Png, FileSignature.Detect(TestImages.PngWithMetadata));
        Assert.Equal(FileKind.Heic, FileSignature.Detect(TestImages.Heif()));
        Assert.Equal(FileKind.Pdf, FileSignature.Detect(TestImages.Pdf));
    }

    [Theory]
    [InlineData("image/jpeg", "image/jpeg")]
    [InlineData(" IMAGE/JPEG ", "image/jpeg")]
    [InlineData("image/jpg", "image/jpeg")]
    [InlineData("application/pdf; name=x.pdf", "application/pdf")]
    [InlineData("image/heif", "image/heic")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void DeclaredContentTypesAreNormalised(string? declared, string? expected) =>
        Assert.Equal(expected, FileSignature.Normalize(declared));
}
