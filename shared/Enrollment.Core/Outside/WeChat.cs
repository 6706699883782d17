namespace Enrollment.Core.Outside;

/// <summary>The outcome of exchanging a WeChat authorization code for the user's identity.</summary>
public abstract record WeChatSignInResult
{
    private WeChatSignInResult()
    {
    }

    /// <summary>
    /// The user's openid for the app that issued the code, and the unionid when the app is bound to an
    /// open-platform account. Nothing else of the exchange (tokens, session key) leaves the server's adapter.
    /// </summary>
    public sealed record SignedIn(string OpenId, string? UnionId) : WeChatSignInResult
    {
        // An openid is personal data: keep it out of any log line that prints the record.
        public override string ToString() => "SignedIn { }";
    }

    /// <summary>
    /// WeChat refused the code itself (invalid 40029, already used 40163, missing 41008, a risk-blocked
    /// user 40226): the page should ask the user to authorize again.
    /// </summary>
    public sealed record CodeRejected(int ErrorCode) : WeChatSignInResult;

    /// <summary>
    /// A visitor of the snapshot page WeChat shows for a link shared to Moments (朋友圈快照页, <c>is_snapshotuser</c> 1):
    /// WeChat gives a virtual openid, so nothing may be kept under it; the page asks them to open the full page.
    /// </summary>
    public sealed record SnapshotUser : WeChatSignInResult;

    public sealed record Unavailable(Unavailability Reason) : WeChatSignInResult;
}

/// <summary>Sign-in with WeChat: the web (official account) OAuth code, or the mini program's login code.</summary>
public interface IWeChatSignIn
{
    /// <summary>Exchanges the code from the official account's web authorization (snsapi_base or snsapi_userinfo).</summary>
    Task<WeChatSignInResult> ExchangeWebCodeAsync(string code, CancellationToken cancellationToken);

    /// <summary>Exchanges the code from the mini program's wx.login.</summary>
    Task<WeChatSignInResult> ExchangeMiniProgramCodeAsync(string code, CancellationToken cancellationToken);
}

/// <summary>Subscription messages (订阅消息) to a mini program user.</summary>
public interface IWeChatNotifier
{
    /// <param name="openId">The user's openid in the mini program (the one from <see cref="IWeChatSignIn.ExchangeMiniProgramCodeAsync"/>).</param>
    /// <param name="template">A template name from <see cref="MessageTemplates"/>, configured under WeChat:Templates.</param>
    /// <param name="data">The template's keywords and values, e.g. thing1 → 学校名称.</param>
    /// <param name="page">The mini program page the card opens, with its query; null for a card that opens nothing.</param>
    Task<SendResult> SendSubscribeMessageAsync(string openId, string template, IReadOnlyDictionary<string, string> data, string? page, CancellationToken cancellationToken);
}
