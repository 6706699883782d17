using System.Text.Json.Serialization;
using Refit;

namespace Enrollment.Azure.Outside.WeChat;

/// <summary>
/// WeChat's stable access token: safe to ask again. WeChat answers HTTP 200 for errors too, with
/// <c>errcode</c>/<c>errmsg</c> in the body.
/// </summary>
public interface IWeChatApi
{
    [Post("/cgi-bin/stable_token")]
    Task<IApiResponse<WeChatAccessTokenResponse>> GetStableAccessTokenAsync([Body] WeChatStableTokenRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Code exchanges: a separate client that never retries, because WeChat's codes are single-use. Once WeChat has
/// taken a code, a retry after a lost answer only gets 40163 (code been used), and the parent would be told the
/// authorization expired; an honest "try again" is better.
/// </summary>
public interface IWeChatCodeApi
{
    /// <summary>Official account web authorization: code → openid (the user's access and refresh tokens are not read).</summary>
    [Get("/sns/oauth2/access_token?grant_type=authorization_code")]
    Task<IApiResponse<WeChatCodeExchange>> ExchangeWebCodeAsync(
        [AliasAs("appid")] string appId,
        [AliasAs("secret")] string secret,
        [AliasAs("code")] string code,
        CancellationToken cancellationToken);

    /// <summary>Mini program login: js_code → openid (the session_key is not read).</summary>
    [Get("/sns/jscode2session?grant_type=authorization_code")]
    Task<IApiResponse<WeChatCodeExchange>> ExchangeMiniProgramCodeAsync(
        [AliasAs("appid")] string appId,
        [AliasAs("secret")] string secret,
        [AliasAs("js_code")] string jsCode,
        CancellationToken cancellationToken);
}

/// <summary>
/// Sending messages: a separate client because a POST that may have been delivered is not retried
/// (a parent would get the same notice twice).
/// </summary>
public interface IWeChatMessageApi
{
    [Post("/cgi-bin/message/subscribe/send")]
    Task<IApiResponse<WeChatError>> SendSubscribeMessageAsync(
        [Query, AliasAs("access_token")] string accessToken,
        [Body] WeChatSubscribeMessage message,
        CancellationToken cancellationToken);
}

/// <summary>
/// The part of a code exchange we keep. Deliberately without access_token, refresh_token and
/// session_key: they are never read into memory, so they cannot leave the server or reach a log.
/// </summary>
public sealed record WeChatCodeExchange(
    [property: JsonPropertyName("openid")] string? OpenId,
    [property: JsonPropertyName("unionid")] string? UnionId,
    [property: JsonPropertyName("errcode")] int? ErrorCode,
    [property: JsonPropertyName("errmsg")] string? ErrorMessage,
    [property: JsonPropertyName("is_snapshotuser")] int? IsSnapshotUser = null);

public sealed record WeChatStableTokenRequest(
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("force_refresh")] bool ForceRefresh = false)
{
    [JsonPropertyName("grant_type")]
    public string GrantType => "client_credential";
}

public sealed record WeChatAccessTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("errcode")] int? ErrorCode,
    [property: JsonPropertyName("errmsg")] string? ErrorMessage);

/// <summary>A subscribe message: <c>miniprogram_state</c> says which build of the mini program the card opens, <c>lang</c> the card's language.</summary>
public sealed record WeChatSubscribeMessage(
    [property: JsonPropertyName("touser")] string ToUser,
    [property: JsonPropertyName("template_id")] string TemplateId,
    [property: JsonPropertyName("page")] string? Page,
    [property: JsonPropertyName("data")] IReadOnlyDictionary<string, WeChatValue> Data,
    [property: JsonPropertyName("miniprogram_state")] string MiniProgramState,
    [property: JsonPropertyName("lang")] string Language = "zh_CN");

public sealed record WeChatValue([property: JsonPropertyName("value")] string Value);

public sealed record WeChatError(
    [property: JsonPropertyName("errcode")] int? ErrorCode,
    [property: JsonPropertyName("errmsg")] string? ErrorMessage,
    [property: JsonPropertyName("msgid")] long? MessageId = null);
