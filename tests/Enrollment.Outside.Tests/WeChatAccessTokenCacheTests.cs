using System.Net;
using Enrollment.Azure.Outside.WeChat;
using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Refit;

namespace Enrollment.Outside.Tests;

public sealed class WeChatAccessTokenCacheTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 8, 5, 0, 0, 0, TimeSpan.Zero));
    private readonly Mock<IWeChatApi> _api = new(MockBehavior.Strict);
    private readonly WeChatAccessTokenCache _cache;
    private int _fetches;

    public WeChatAccessTokenCacheTests()
    {
        var options = new WeChatOptions { MiniProgram = new WeChatAppOptions { AppId = "wx-mini", AppSecret = "mini-secret" } };
        _cache = new WeChatAccessTokenCache(_api.Object, Options.Create(options), _time, NullLogger<WeChatAccessTokenCache>.Instance);
    }

    public void Dispose() => _cache.Dispose();

    private static IApiResponse<WeChatAccessTokenResponse> Answer(WeChatAccessTokenResponse body) =>
        new ApiResponse<WeChatAccessTokenResponse>(
            new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = new HttpRequestMessage(HttpMethod.Post, "https://api.weixin.qq.com/cgi-bin/stable_token") },
            body,
            new RefitSettings());

    private void Issue(params WeChatAccessTokenResponse[] answers) =>
        _api.Setup(a => a.GetStableAccessTokenAsync(It.Is<WeChatStableTokenRequest>(r => r.AppId == "wx-mini" && r.Secret == "mini-secret" && !r.ForceRefresh), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Answer(answers[Math.Min(Interlocked.Increment(ref _fetches), answers.Length) - 1]));

    private static WeChatAccessTokenResponse Token(string token, int expiresIn = 7200) => new(token, expiresIn, null, null);

    private static WeChatAccessTokenResponse Error(int errcode) => new(null, null, errcode, "error");

    private async Task<string> TokenAsync() => Assert.IsType<AccessTokenResult.Issued>(await _cache.GetAsync(CancellationToken.None)).Token;

    [Fact]
    public async Task ATokenIsFetchedOnceAndThenServedFromTheCache()
    {
        Issue(Token("T1"), Token("T2"));

        Assert.Equal("T1", await TokenAsync());
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("T1", await TokenAsync());

        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task ATokenIsRefreshedFiveMinutesBeforeItExpires()
    {
        Issue(Token("T1", 7200), Token("T2", 7200));
        await TokenAsync();

        _time.Advance(TimeSpan.FromSeconds(7200 - 300) - TimeSpan.FromSeconds(1));
        Assert.Equal("T1", await TokenAsync());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("T2", await TokenAsync());
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task AShortLivedTokenIsRefreshedHalfwayThroughItsLife()
    {
        Issue(Token("T1", 120), Token("T2", 120));
        await TokenAsync();

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("T1", await TokenAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("T2", await TokenAsync());
    }

    [Fact]
    public async Task ManyCallersAtOnceCauseASingleFetch()
    {
        var answer = new TaskCompletionSource<IApiResponse<WeChatAccessTokenResponse>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.Setup(a => a.GetStableAccessTokenAsync(It.IsAny<WeChatStableTokenRequest>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref _fetches);
                return answer.Task;
            });

        var callers = Enumerable.Range(0, 32).Select(_ => Task.Run(() => _cache.GetAsync(CancellationToken.None))).ToArray();
        await Task.Delay(100);
        answer.SetResult(Answer(Token("T1")));
        var results = await Task.WhenAll(callers);

        Assert.All(results, r => Assert.Equal(new AccessTokenResult.Issued("T1"), r));
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task AfterAFailedFetchCallersHearUnavailableForAWhileInsteadOfQueueingUp()
    {
        Issue(Error(40125), Token("T1"));

        Assert.Equal(new AccessTokenResult.Unavailable(Unavailability.Refused), await _cache.GetAsync(CancellationToken.None));
        _time.Advance(WeChatAccessTokenCache.PauseAfterFailure - TimeSpan.FromSeconds(1));
        Assert.Equal(new AccessTokenResult.Unavailable(Unavailability.Refused), await _cache.GetAsync(CancellationToken.None));
        Assert.Equal(1, _fetches);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("T1", await TokenAsync());
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task WhenARefreshFailsTheOldTokenServesUntilItReallyExpires()
    {
        Issue(Token("T1", 7200), Error(-1));
        await TokenAsync();

        _time.Advance(TimeSpan.FromSeconds(7200 - 60));
        Assert.Equal("T1", await TokenAsync());

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(new AccessTokenResult.Unavailable(Unavailability.ServerError), await _cache.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnInvalidatedTokenIsReplacedOnTheNextCall()
    {
        Issue(Token("T1"), Token("T2"));
        await TokenAsync();

        _cache.Invalidate("T1");

        Assert.Equal("T2", await TokenAsync());
    }

    [Fact]
    public async Task InvalidatingAnOlderTokenKeepsTheCurrentOne()
    {
        Issue(Token("T1"), Token("T2"));
        await TokenAsync();

        _cache.Invalidate("T0");

        Assert.Equal("T1", await TokenAsync());
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task WithoutMiniProgramCredentialsNothingIsFetched()
    {
        using var cache = new WeChatAccessTokenCache(_api.Object, Options.Create(new WeChatOptions()), _time, NullLogger<WeChatAccessTokenCache>.Instance);

        Assert.Equal(new AccessTokenResult.Unavailable(Unavailability.NotConfigured), await cache.GetAsync(CancellationToken.None));
        _api.VerifyNoOtherCalls();
    }
}
