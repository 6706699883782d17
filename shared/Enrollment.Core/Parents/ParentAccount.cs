using Enrollment.Core.Security;

namespace Enrollment.Core.Parents;

/// <summary>How a guardian proved who they are; each way gives its own account (WeChat's two ways share one when WeChat gives a unionid).</summary>
public enum SignInMethod
{
    Sms,
    WeChat,
    WeChatMiniProgram,
    GovernmentIdentity,

    /// <summary>Local runs and tests only; refused at start-up anywhere else.</summary>
    Development,
}

/// <summary>
/// A guardian's account: created on first sign-in, keyed by a keyed hash of the sign-in identity
/// (mobile number, openid, government subject), so the store never holds that identity in the clear.
/// A mini-program account keeps its openid encrypted, only to send the guardian subscribe messages.
/// </summary>
public sealed record ParentAccount(
    string Id,
    SignInMethod Method,
    string? MobileMasked,
    ConsentRecord? Consent,
    IReadOnlyList<ApplicationReference> Applications,
    DateTimeOffset CreatedAt,
    string? NotifyOpenIdEncrypted = null)
{
    public bool HasConsented(string version) => Consent?.Version == version;
}

/// <summary>The guardian's consent to the processing of the child's data (PIPL): which text, and when.</summary>
public sealed record ConsentRecord(string Version, DateTimeOffset AcceptedAt);

public interface IParentAccountStore
{
    Task<ParentAccount?> GetAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Creates the account unless it exists; returns the stored one either way.</summary>
    Task<ParentAccount> GetOrCreateAsync(ParentAccount account, CancellationToken cancellationToken);

    /// <summary>Keeps the mini program's openid (encrypted) on an account first made through the web page.</summary>
    Task<ParentAccount?> SetNotifyOpenIdAsync(string accountId, string notifyOpenIdEncrypted, CancellationToken cancellationToken);

    Task<ParentAccount?> RecordConsentAsync(string accountId, ConsentRecord consent, CancellationToken cancellationToken);

    /// <summary>Appends an application to the account (one patch, no read).</summary>
    Task AddApplicationAsync(string accountId, ApplicationReference reference, CancellationToken cancellationToken);
}
