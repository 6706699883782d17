using Microsoft.Playwright;

namespace Enrollment.Browser.Tests;

/// <summary>
/// One headless Chromium per test class: Debian's own build, driven by Playwright, with nothing
/// downloaded and no network beyond the app on loopback. Each <see cref="NewPhoneAsync"/> is a
/// fresh phone (its own cookies) of iPhone 13 size, set to Chinese.
/// </summary>
public sealed class PhoneBrowser : IAsyncLifetime
{
    /// <summary>Installed by the OS package manager (<c>apt-get install chromium</c>), never by <c>playwright install</c>.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the screenshots go, so a person can look at what a parent sees.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot.Path, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No browser at {ChromiumPath}: install Debian's chromium package.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        });
    }

    /// <summary>A new phone: an iPhone 13's screen and touch, in China's time zone, set to Chinese unless <paramref name="locale"/> says otherwise.</summary>
    public async Task<IBrowserContext> NewPhoneAsync(Uri baseAddress, string? userAgentSuffix = null, string locale = "zh-CN")
    {
        var device = _playwright!.Devices["iPhone 13"];
        var phone = new BrowserNewContextOptions(device)
        {
            UserAgent = device.UserAgent + (userAgentSuffix ?? ""),
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            ScreenSize = new ScreenSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 3,
            IsMobile = true,
            HasTouch = true,
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
        };
        var context = await _browser!.NewContextAsync(phone);
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = true });

    /// <summary>One part of a long page (the bureau's is many screens), as the officer sees it scrolled there.</summary>
    public static Task ScreenshotAsync(ILocator part, string name) =>
        part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name) });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
