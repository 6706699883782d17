using Enrollment.Functions.Commands;
using Enrollment.Functions.Hosting;

// A command (verify-lottery, qr, totp, setup, staff-add, help; see Commands/) runs instead of the app and exits.
if (await CommandLine.RunAsync(args) is { } exitCode)
{
    return exitCode;
}

// The Functions host's isolated worker: the host starts it with the address of its channel.
if (FunctionsWorker.ModeOf(args) == EntryMode.FunctionsHost)
{
    // Settings files and the pages sit beside the assembly, wherever the host starts the worker from.
    Directory.SetCurrentDirectory(AppContext.BaseDirectory);
    await FunctionsWorker.CreateBuilder(args).Build().RunAsync();
    return 0;
}

// On its own, on Kestrel: a laptop, CI, the tests.
var app = FunctionsWorker.CreateStandaloneBuilder(args).Build();
app.UseEnrollment();
app.Run();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
