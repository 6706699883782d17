using Enrollment.Core.Counties;

namespace Enrollment.Browser.Tests;

/// <summary>
/// What every page test starts from: the app over the emulators with a county of its own, served on a real
/// socket on 127.0.0.1 at a port the OS picks (a browser cannot reach a TestServer), and one browser per class.
/// </summary>
public abstract class PagesTests(LocalEmulators emulators) : IClassFixture<PhoneBrowser>, IAsyncLifetime
{
    protected EnrollmentApp App { get; } = new(emulators);

    /// <summary>The app's address, for <see cref="PhoneBrowser.NewPhoneAsync"/>.</summary>
    protected Uri Server { get; private set; } = null!;

    protected County County { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        Server = App.ClientOptions.BaseAddress;
        County = await App.CreateCountyAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
