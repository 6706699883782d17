using Enrollment.Azure.Storage;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Commands;

/// <summary>
/// "staff-add name role county [school,school] [display name]": creates a password account and prints its one-time
/// password (and, for a bureau officer, the authenticator QR code), for counties without Entra ID.
/// </summary>
internal static class StaffAdd
{
    public static async Task<int> RunAsync(string[] arguments)
    {
        var words = CommandLine.Words(arguments);
        if (!Enum.TryParse<StaffRole>(words[1], ignoreCase: true, out var role))
        {
            Console.Error.WriteLine($"No role {words[1]}: one of {string.Join(", ", Enum.GetNames<StaffRole>())}.");
            return 2;
        }

        var schools = words.Length > 3 ? words[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        if (role is StaffRole.SchoolReviewer or StaffRole.SchoolHead && schools.Length == 0)
        {
            Console.Error.WriteLine("School reviewers and heads need the schools they review.");
            return 2;
        }

        await using var host = StorageHost.Build(arguments);
        var services = host.Services;
        // Before storage is touched: this is where missing or malformed keys stop the command.
        var signIn = services.GetRequiredService<StaffSignIn>();
        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var enrollment = signIn.NewAccount(words[0], words.Length > 4 ? words[4] : words[0], role, words[2], schools, password);
        if (!await services.GetRequiredService<IStaffStore>().TryCreateAsync(enrollment.Account, CancellationToken.None))
        {
            Console.Error.WriteLine($"An account named {enrollment.Account.Id} already exists.");
            return 1;
        }

        Console.WriteLine($"Created {enrollment.Account.Id} ({role}). One-time password, hand it over in person: {password}");
        PrintAuthenticator(enrollment);
        return 0;
    }

    public static void PrintAuthenticator(StaffEnrollment enrollment)
    {
        if (enrollment.TotpSecret is { } secret)
        {
            var uri = StaffSignIn.AuthenticatorUri("Enrollment", enrollment.Account.Id, secret);
            Console.WriteLine($"Scan with an authenticator app (secret {secret}; without a phone: `totp {secret}` prints the current code):");
            Console.WriteLine(TerminalQrCode.Render(uri));
        }
    }
}
