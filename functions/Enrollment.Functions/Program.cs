using Enrollment.Functions.Hosting;

// "verify-lottery <transcript>" lets anyone recompute a published lottery from its transcript alone: no settings, no storage.
if (args is ["verify-lottery", var transcriptPath])
{
    if (!File.Exists(transcriptPath))
    {
        Console.Error.WriteLine($"找不到文件 no such file: {transcriptPath}");
        return 2;
    }

    var verification = Enrollment.Core.Lottery.LotteryVerifier.Verify(File.ReadAllBytes(transcriptPath));
    Console.WriteLine(verification);
    return verification.Identical ? 0 : 1;
}

// "qr <url>" prints a QR code in the terminal; "totp <secret>" prints an authenticator code. Neither needs settings.
if (args is ["qr", var url, ..])
{
    Console.WriteLine(TerminalQrCode.Render(url));
    return 0;
}

if (args is ["totp", var secret, ..])
{
    Console.WriteLine(Enrollment.Core.Staff.StaffSignIn.CodeAt(secret, TimeProvider.System.GetUtcNow()));
    return 0;
}

if (FunctionsWorker.ModeOf(args) == EntryMode.FunctionsHost)
{
    // Settings files and the pages sit beside the assembly, wherever the host starts the worker from.
    Directory.SetCurrentDirectory(AppContext.BaseDirectory);
    await FunctionsWorker.CreateBuilder(args).Build().RunAsync();
    return 0;
}

var builder = FunctionsWorker.CreateStandaloneBuilder(args);
var app = builder.Build();

// "setup" creates the stores (and, in Development, seeds the demo county) and exits; "staff-add" creates a
// staff account. Anything else runs the app.
if (args.FirstOrDefault() is "setup")
{
    await LocalSetup.RunAsync(app.Services, app.Environment, CancellationToken.None);
    return 0;
}

if (args.FirstOrDefault() is "staff-add")
{
    return await LocalSetup.AddStaffAsync(app.Services, args[1..], CancellationToken.None);
}

app.UseEnrollment();
app.Run();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
