using Enrollment.Functions.Hosting;

// Settings files sit beside the executable, wherever it is started from (the Functions host, a script).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddEnrollment();
var app = builder.Build();

// "setup" creates the stores (and, in Development, seeds the demo county) and exits;
// "qr <url>" prints a QR code in the terminal. Anything else runs the app.
if (args.FirstOrDefault() is "setup")
{
    await LocalSetup.RunAsync(app.Services, app.Environment, CancellationToken.None);
    return;
}

if (args.FirstOrDefault() is "qr" && args.Length > 1)
{
    Console.WriteLine(TerminalQrCode.Render(args[1]));
    return;
}

app.UseEnrollment();
app.Run();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
