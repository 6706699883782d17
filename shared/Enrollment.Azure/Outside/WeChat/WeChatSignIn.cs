using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Enrollment.Azure.Outside.WeChat;

public sealed class WeChatSignIn(
    IWeChatCodeApi api,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WeChatSignIn> logger) : IWeChatSignIn
{
    private const string Service = "WeChat";
    private readonly NotConfiguredNotice _notConfigured = new(logger, Service);

    public Task<WeChatSignInResult> ExchangeWebCodeAsync(string code, CancellationToken cancellationToken) =>
        ExchangeAsync("WebCode", options.Value.OfficialAccount, $"{WeChatOptions.Section}:AppId", (app, ct) => api.ExchangeWebCodeAsync(app.AppId!, app.AppSecret!, code, ct), cancellationToken);

    public Task<WeChatSignInResult> ExchangeMiniProgramCodeAsync(string code, CancellationToken cancellationToken) =>
        ExchangeAsync("MiniProgramCode", options.Value.MiniProgram, $"{WeChatOptions.Section}:MiniProgram:AppId", (app, ct) => api.ExchangeMiniProgramCodeAsync(app.AppId!, app.AppSecret!, code, ct), cancellationToken);

    private async Task<WeChatSignInResult> ExchangeAsync(
        string operation,
        WeChatAppOptions app,
        string setting,
        Func<WeChatAppOptions, CancellationToken, Task<IApiResponse<WeChatCodeExchange>>> exchange,
        CancellationToken cancellationToken)
    {
        if (!app.IsComplete)
        {
            _notConfigured.Report(operation, setting);
            return new WeChatSignInResult.Unavailable(Unavailability.NotConfigured);
        }

        using var answer = await OutsideCall.SendAsync(ct => exchange(app, ct), time, cancellationToken);
        WeChatSignInResult result = answer switch
        {
            { Failure: { } reason } => new WeChatSignInResult.Unavailable(reason),
            { Content.ErrorCode: { } errcode and not 0 } => WeChatErrors.RejectsCode(errcode)
                ? new WeChatSignInResult.CodeRejected(errcode)
                : new WeChatSignInResult.Unavailable(WeChatErrors.Unavailable(errcode)),
            { Content.IsSnapshotUser: 1 } => new WeChatSignInResult.SnapshotUser(),
            { Content: { OpenId.Length: > 0 } body } => new WeChatSignInResult.SignedIn(body.OpenId!, string.IsNullOrEmpty(body.UnionId) ? null : body.UnionId),
            _ => new WeChatSignInResult.Unavailable(Unavailability.Malformed),
        };

        var outcome = result switch
        {
            WeChatSignInResult.Unavailable u => $"Unavailable:{u.Reason}",
            WeChatSignInResult.CodeRejected r => $"CodeRejected errcode {r.ErrorCode}",
            WeChatSignInResult.SnapshotUser => "SnapshotUser",
            _ => "SignedIn",
        };
        var errcodeNote = result is WeChatSignInResult.Unavailable && answer.Content?.ErrorCode is { } code and not 0 ? $" errcode {code}" : "";
        OutsideLog.Answered(logger, Service, operation, outcome + errcodeNote, result is not WeChatSignInResult.Unavailable, answer.StatusCode, answer.Elapsed);
        return result;
    }
}
