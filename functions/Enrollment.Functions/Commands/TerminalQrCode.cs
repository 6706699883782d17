using QRCoder;

namespace Enrollment.Functions.Commands;

/// <summary>A QR code drawn with block characters, so a phone can scan the local address off the terminal.</summary>
public static class TerminalQrCode
{
    public static string Render(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.L);
        return new AsciiQRCode(data).GetGraphicSmall();
    }
}
