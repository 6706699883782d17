using System.Text;
using Enrollment.Core.Staff;
using Enrollment.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Commands;

/// <summary>A verb given as the first argument: it runs instead of the app, reads only the settings it needs, and exits.</summary>
/// <param name="Arguments">What follows the verb, as the help shows it: required ones in angle brackets, optional ones in square brackets.</param>
/// <param name="RunAsync">Given everything after the verb: its words first (see <see cref="CommandLine.Words"/>), then any settings.</param>
internal sealed record Command(string Verb, string Arguments, string Summary, Func<string[], Task<int>> RunAsync)
{
    public int Required => Arguments.Count(c => c == '<');

    public string Synopsis => $"{Verb} {Arguments}".TrimEnd();
}

/// <summary>The verbs, and how they are told from the arguments the app itself is started with.</summary>
internal static class CommandLine
{
    public const string AppName = "Enrollment.Functions";

    public static readonly IReadOnlyList<Command> All =
    [
        new("verify-lottery", "<transcript>",
            "recompute a published lottery from its transcript: 一致 identical (exit 0) or the first line that differs (exit 1). No settings.",
            arguments => Task.FromResult(VerifyLottery.Run(arguments[0]))),
        new("qr", "<text>", "print the text, such as an address, as a QR code in the terminal. No settings.",
            arguments => PrintAsync(TerminalQrCode.Render(arguments[0]))),
        new("totp", "<secret>", "print an authenticator secret's current code (setup and staff-add print a bureau officer's secret). No settings.",
            arguments => PrintAsync(StaffSignIn.CodeAt(arguments[0], TimeProvider.System.GetUtcNow()))),
        new("setup", "", "create the database and its containers and the blob containers; in Development also the demo county and its staff. Settings: Storage.",
            Setup.RunAsync),
        new("staff-add", "<name> <role> <county> [school,school] [display name]",
            $"create a staff password account ({string.Join(", ", Enum.GetNames<StaffRole>())}) and print its one-time password. Settings: Storage, Security.",
            StaffAdd.RunAsync),
        new("county-add", "<id> <name> <division-code> <stages> <year> <officer> [officer display name]",
            $"set up a new county (stages: {string.Join(",", Enum.GetNames<Core.Counties.Stage>())}) and its first bureau officer, and print the officer's one-time password and authenticator. Settings: Storage, Security.",
            CountyAdd.RunAsync),
        new("help", "", "this list (also --help, -h).", _ => PrintAsync(Help())),
    ];

    /// <summary>
    /// Runs the command the first argument names and returns its exit code, or returns null when the arguments are the
    /// app's own: the Functions host's (--functions-uri and the rest) or settings (--urls, --Section:Key=value).
    /// </summary>
    public static async Task<int?> RunAsync(string[] args)
    {
        if (args is not [var first, .. var arguments])
        {
            return null;
        }

        var command = All.SingleOrDefault(c => c.Verb == (first is "--help" or "-h" ? "help" : first));
        if (command is null)
        {
            return IsVerb(first) ? Unknown(first) : null;
        }

        if (Words(arguments).Length < command.Required)
        {
            Console.Error.WriteLine($"Usage: {AppName} {command.Synopsis}");
            return 2;
        }

        try
        {
            return await command.RunAsync(arguments);
        }
        catch (OptionsValidationException e)
        {
            // A setting the command needs is missing or malformed: the message names it and the fix.
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    /// <summary>A command's own arguments: those before the first setting (--Section:Key=value), which its host reads instead.</summary>
    public static string[] Words(string[] arguments) => [.. arguments.TakeWhile(a => !a.StartsWith('-'))];

    /// <summary>A word written as the verbs are. The app's own arguments never are: they start with - or /, or hold an =.</summary>
    private static bool IsVerb(string word) =>
        word.Length > 0 && char.IsAsciiLetter(word[0]) && word.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static int Unknown(string verb)
    {
        Console.Error.WriteLine($"Unknown command \"{verb}\". The commands are {string.Join(", ", All.Select(c => c.Verb))}; {AppName} --help says what each does.");
        return 2;
    }

    private static string Help()
    {
        // Aligned on the short synopses; a longer one (staff-add's) pushes only its own summary along.
        var width = All.Select(c => c.Synopsis.Length).Where(length => length <= 32).Max();
        var help = new StringBuilder()
            .AppendLine($"{AppName}: school enrollment (义务教育招生入学), an Azure Functions isolated worker that also runs on its own.")
            .AppendLine()
            .AppendLine("Run the app:")
            .AppendLine($"  {AppName} [--urls <address>]   on its own, on Kestrel, at {FunctionsWorker.StandaloneUrl} unless --urls names another")
            .AppendLine("  func start                                under the Azure Functions host (dotnet run starts it too), with the host's own arguments")
            .AppendLine("  bash infra/local/run.sh                   from a checkout: the storage emulators, setup, then the app on its own")
            .AppendLine("Settings: appsettings.json beside it, then the environment (Section__Key), then arguments (--Section:Key=value),")
            .AppendLine("which a command takes after its own.")
            .AppendLine()
            .AppendLine("Commands (each runs instead of the app, then exits):");
        foreach (var command in All)
        {
            help.AppendLine($"  {command.Synopsis.PadRight(width)}  {command.Summary}");
        }

        return help.ToString();
    }

    private static Task<int> PrintAsync(string text)
    {
        Console.WriteLine(text);
        return Task.FromResult(0);
    }
}
