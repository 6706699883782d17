namespace Enrollment.Azure.Outside.Sms;

/// <summary>The SMS provider, under <c>Sms</c>; no base URL switches text messages off.</summary>
public sealed class SmsOptions : OutsideEndpointOptions
{
    public const string Section = "Sms";

    /// <summary>The approved signature (短信签名) printed in 【】 before every message; required once a provider is set.</summary>
    public string? SignName { get; set; }

    /// <summary>Template name (see MessageTemplates) → the provider's approved template id.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsValid => HasValidBaseUrl && (!IsConfigured || !string.IsNullOrWhiteSpace(SignName));
}
