using Enrollment.Core.Rules;
using Microsoft.Extensions.Time.Testing;

namespace Enrollment.Core.Tests;

public class WindowTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    // 临县 2024: 8/5 08:00 – 8/9 18:00, China Standard Time.
    private readonly Window _registration = new(
        new DateTimeOffset(2024, 8, 5, 8, 0, 0, Cst),
        new DateTimeOffset(2024, 8, 9, 18, 0, 0, Cst));

    [Fact]
    public void OpensOnTheSecond()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 8, 5, 7, 59, 59, Cst));
        Assert.Equal(WindowState.NotYetOpen, _registration.StateAt(time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WindowState.Open, _registration.StateAt(time.GetUtcNow()));
    }

    [Fact]
    public void ClosesOnTheSecond()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 8, 9, 17, 59, 59, Cst));
        Assert.True(_registration.IsOpenAt(time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WindowState.Closed, _registration.StateAt(time.GetUtcNow()));
    }

    [Fact]
    public void ServerTimeZoneDoesNotMatter()
    {
        // 09:59:59 UTC is 17:59:59 in Beijing: still open; 10:00:00 UTC is closed.
        Assert.True(_registration.IsOpenAt(new DateTimeOffset(2024, 8, 9, 9, 59, 59, TimeSpan.Zero)));
        Assert.False(_registration.IsOpenAt(new DateTimeOffset(2024, 8, 9, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void DescribesTheWindowInBeijingTime() =>
        Assert.Equal("2024年8月5日 08:00 至 2024年8月9日 18:00（北京时间）", _registration.Describe());
}
