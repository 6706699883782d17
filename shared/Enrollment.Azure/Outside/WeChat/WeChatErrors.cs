using Enrollment.Core.Outside;

namespace Enrollment.Azure.Outside.WeChat;

/// <summary>What WeChat's global error codes mean for us.</summary>
public static class WeChatErrors
{
    /// <summary>The code is invalid (40029), used (40163), missing (41008), or the user is blocked as high-risk (40226).</summary>
    public static bool RejectsCode(int errcode) => errcode is 40029 or 40163 or 41008 or 40226;

    /// <summary>The access token is invalid (40001, 40014) or expired (42001): fetch another and try once more.</summary>
    public static bool RejectsToken(int errcode) => errcode is 40001 or 40014 or 42001;

    /// <summary>
    /// The message itself will not be delivered, however often it is sent: bad openid (40003), template id
    /// (40037), page (41030), parameters (47003), sensitive words (45168), no subscription (43101), a banned template (43107).
    /// </summary>
    public static bool RejectsMessage(int errcode) => errcode is 40003 or 40037 or 41030 or 47003 or 45168 or 43101 or 43107;

    /// <summary>Anything else: busy (-1), quotas (45009, 45011), and credential or setup problems (40013, 40125, 40164, …).</summary>
    public static Unavailability Unavailable(int errcode) => errcode switch
    {
        -1 => Unavailability.ServerError,
        45009 or 45011 => Unavailability.Throttled,
        _ => Unavailability.Refused,
    };
}
