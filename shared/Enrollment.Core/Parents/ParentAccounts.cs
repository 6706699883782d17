using Enrollment.Core.Security;

namespace Enrollment.Core.Parents;

/// <summary>Accounts and consent: the parts of sign-in that do not depend on how the guardian signed in.</summary>
public sealed class ParentAccounts(IParentAccountStore store, PersonalDataProtector protector, TimeProvider time)
{
    /// <summary>The account for this identity, created on first sign-in.</summary>
    public Task<ParentAccount> SignInAsync(SignInMethod method, string subject, string? mobile, CancellationToken cancellationToken)
    {
        var account = new ParentAccount(
            protector.AccountId(method, subject),
            method,
            mobile is null ? null : MaskMobile(mobile),
            Consent: null,
            Applications: [],
            CreatedAt: time.GetUtcNow(),
            NotifyOpenIdEncrypted: method == SignInMethod.WeChatMiniProgram ? protector.Encrypt(subject) : null);
        return store.GetOrCreateAsync(account, cancellationToken);
    }

    public Task<ParentAccount?> GetAsync(string accountId, CancellationToken cancellationToken) => store.GetAsync(accountId, cancellationToken);

    /// <summary>Records consent to the current text; a stale version (the page was open while the text changed) is refused.</summary>
    public async Task<ParentAccount?> ConsentAsync(string accountId, string? version, CancellationToken cancellationToken) =>
        version == ConsentText.CurrentVersion
            ? await store.RecordConsentAsync(accountId, new ConsentRecord(version, time.GetUtcNow()), cancellationToken)
            : null;

    public static string MaskMobile(string mobile) => string.Concat(mobile.AsSpan(0, 3), "****", mobile.AsSpan(7));
}
