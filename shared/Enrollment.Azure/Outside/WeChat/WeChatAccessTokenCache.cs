using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Outside.WeChat;

/// <summary>The mini program's access token, or why there is none.</summary>
public abstract record AccessTokenResult
{
    private AccessTokenResult()
    {
    }

    public sealed record Issued(string Token) : AccessTokenResult
    {
        public override string ToString() => "Issued { }";
    }

    public sealed record Unavailable(Unavailability Reason) : AccessTokenResult;
}

/// <summary>
/// Keeps the mini program's access token (the one subscription messages need) from
/// <c>cgi-bin/stable_token</c>. WeChat limits how often a token may be fetched, so it is fetched once,
/// kept until <see cref="RefreshBefore"/> its expiry, and refreshed by one caller at a time while the
/// others wait for that answer. Once WeChat fails to issue one, callers hear Unavailable for
/// <see cref="PauseAfterFailure"/> instead of queueing up behind another slow attempt.
/// </summary>
public sealed class WeChatAccessTokenCache(
    IWeChatApi api,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WeChatAccessTokenCache> logger) : IDisposable
{
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(10);
    private const string Service = "WeChat";
    private const string Operation = "StableToken";

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly NotConfiguredNotice _notConfigured = new(logger, Service);
    private volatile CachedToken? _token;
    private volatile FailedFetch? _failure;

    public async Task<AccessTokenResult> GetAsync(CancellationToken cancellationToken)
    {
        if (Current(fresh: true) is { } token)
        {
            return new AccessTokenResult.Issued(token);
        }

        var app = options.Value.MiniProgram;
        if (!app.IsComplete)
        {
            _notConfigured.Report(Operation, $"{WeChatOptions.Section}:MiniProgram:AppId");
            return new AccessTokenResult.Unavailable(Unavailability.NotConfigured);
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the lock before may have just refreshed it.
            if (Current(fresh: true) is { } refreshed)
            {
                return new AccessTokenResult.Issued(refreshed);
            }

            if (_failure is { } failure && time.GetUtcNow() < failure.Until)
            {
                return Current(fresh: false) is { } stillValid
                    ? new AccessTokenResult.Issued(stillValid)
                    : new AccessTokenResult.Unavailable(failure.Reason);
            }

            return await FetchAsync(app, cancellationToken);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets a token WeChat has just refused, so the next caller fetches another; a newer token is kept.</summary>
    public void Invalidate(string token)
    {
        if (_token is { } current && current.Value == token)
        {
            // Only if it is still the current one: a refresh may have replaced it meanwhile.
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<AccessTokenResult> FetchAsync(WeChatAppOptions app, CancellationToken cancellationToken)
    {
        var request = new WeChatStableTokenRequest(app.AppId!, app.AppSecret!);
        using var answer = await OutsideCall.SendAsync(ct => api.GetStableAccessTokenAsync(request, ct), time, cancellationToken);

        var now = time.GetUtcNow();
        AccessTokenResult result = answer switch
        {
            { Failure: { } reason } => new AccessTokenResult.Unavailable(reason),
            { Content.ErrorCode: { } errcode and not 0 } => new AccessTokenResult.Unavailable(WeChatErrors.Unavailable(errcode)),
            { Content: { AccessToken.Length: > 0, ExpiresIn: > 0 } body } => new AccessTokenResult.Issued(body.AccessToken!),
            _ => new AccessTokenResult.Unavailable(Unavailability.Malformed),
        };

        var errcodeNote = answer.Content?.ErrorCode is { } code and not 0 ? $" errcode {code}" : "";
        if (result is AccessTokenResult.Issued issued)
        {
            var lifetime = TimeSpan.FromSeconds(answer.Content!.ExpiresIn!.Value);
            // Refresh ahead of expiry; for an unusually short lifetime, halfway through it.
            var margin = TimeSpan.FromTicks(Math.Min(RefreshBefore.Ticks, lifetime.Ticks / 2));
            _token = new CachedToken(issued.Token, now + lifetime - margin, now + lifetime);
            _failure = null;
            OutsideLog.Answered(logger, Service, Operation, "Issued", true, answer.StatusCode, answer.Elapsed);
            return result;
        }

        var unavailable = (AccessTokenResult.Unavailable)result;
        _failure = new FailedFetch(unavailable.Reason, now + PauseAfterFailure);
        OutsideLog.Answered(logger, Service, Operation, $"Unavailable:{unavailable.Reason}{errcodeNote}", false, answer.StatusCode, answer.Elapsed);

        // The old token is still good until it actually expires.
        return Current(fresh: false) is { } stillValid ? new AccessTokenResult.Issued(stillValid) : result;
    }

    private string? Current(bool fresh)
    {
        var token = _token;
        var now = time.GetUtcNow();
        return token is not null && now < (fresh ? token.RefreshAt : token.ExpiresAt) ? token.Value : null;
    }

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt, DateTimeOffset ExpiresAt);

    private sealed record FailedFetch(Unavailability Reason, DateTimeOffset Until);
}
