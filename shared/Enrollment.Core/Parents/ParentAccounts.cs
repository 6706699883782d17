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

    /// <summary>
    /// A WeChat user's account. When the Official Account and the mini program are bound to one Open
    /// Platform account, WeChat gives the same unionid through both, and the guardian gets one account
    /// whichever way they came in; the mini program's openid is kept (encrypted) for subscribe messages.
    /// </summary>
    public async Task<ParentAccount> SignInWithWeChatAsync(string openId, string? unionId, bool miniProgram, CancellationToken cancellationToken)
    {
        if (unionId is null)
        {
            return await SignInAsync(miniProgram ? SignInMethod.WeChatMiniProgram : SignInMethod.WeChat, openId, mobile: null, cancellationToken);
        }

        var notifyOpenId = miniProgram ? protector.Encrypt(openId) : null;
        var account = await store.GetOrCreateAsync(new ParentAccount(protector.AccountId(SignInMethod.WeChat, "union:" + unionId), SignInMethod.WeChat,
            MobileMasked: null, Consent: null, Applications: [], CreatedAt: time.GetUtcNow(), NotifyOpenIdEncrypted: notifyOpenId), cancellationToken);
        return notifyOpenId is not null && account.NotifyOpenIdEncrypted is null
            ? await store.SetNotifyOpenIdAsync(account.Id, notifyOpenId, cancellationToken) ?? account
            : account;
    }

    public Task<ParentAccount?> GetAsync(string accountId, CancellationToken cancellationToken) => store.GetAsync(accountId, cancellationToken);

    /// <summary>Records consent to the current text; a stale version (the page was open while the text changed) is refused.</summary>
    public async Task<ParentAccount?> ConsentAsync(string accountId, string? version, CancellationToken cancellationToken) =>
        version == ConsentText.CurrentVersion
            ? await store.RecordConsentAsync(accountId, new ConsentRecord(version, time.GetUtcNow()), cancellationToken)
            : null;

    public static string MaskMobile(string mobile) => string.Concat(mobile.AsSpan(0, 3), "****", mobile.AsSpan(7));
}
