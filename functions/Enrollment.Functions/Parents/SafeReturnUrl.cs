namespace Enrollment.Functions.Parents;

/// <summary>Where a sign-in that left this site (WeChat, the government identity provider) may send the phone back to.</summary>
public static class SafeReturnUrl
{
    /// <summary>A path on this site ("/status?x=1"), never another site ("//evil.example", "/\evil.example", "https://…"); else the entry page.</summary>
    public static string LocalPathOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2048 }
        && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'))
        && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
