using System.ComponentModel.DataAnnotations;

namespace Enrollment.Functions;

public sealed class EnrollmentOptions
{
    public const string Section = "Enrollment";

    /// <summary>The county the entry page opens when a link names none.</summary>
    [Required]
    public string DefaultCountyId { get; set; } = Core.Counties.DemoCounty.Id;

    /// <summary>The address parents reach the app at (QR codes, sign-in callbacks); empty means the address the request came in on.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The one way the app names its own address: the configured one, else this request's (behind the
    /// Functions host, the address the phone used, from the host's forwarded headers), with no trailing slash.
    /// </summary>
    public string BaseUrlFor(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicBaseUrl.TrimEnd('/');
}

/// <summary>
/// Keys for the parent session signature, the identity-number hash and the personal-data encryption
/// (base64, 32 bytes each). From Key Vault in Azure; local development has its own throwaway set.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    [Required]
    public string SessionSigningKey { get; set; } = "";

    [Required]
    public string IdentityHashKey { get; set; } = "";

    [Required]
    public string DataEncryptionKey { get; set; } = "";

    /// <summary>App Service passes a Key Vault reference through unchanged when it cannot resolve it.</summary>
    public static bool IsUnresolvedReference(string value) => value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    public static bool IsKey(string value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(value, buffer, out var length) && length == 32;
    }
}
