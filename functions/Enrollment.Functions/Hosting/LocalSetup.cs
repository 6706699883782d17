using Enrollment.Azure.Storage;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Hosting;

/// <summary>The explicit setup step: stores created once, the demo county and its staff seeded on a first local run.</summary>
public static class LocalSetup
{
    /// <summary>The demo staff's password: Development only, printed by setup, never valid anywhere else.</summary>
    public const string DemoPassword = "Demo-2026-enrollment";

    public static async Task RunAsync(IServiceProvider services, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(cancellationToken);
        if (environment.IsDevelopment())
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var created = await services.GetRequiredService<ICountyStore>().TryCreateAsync(DemoCounty.Create(now), cancellationToken);
            Console.WriteLine(created ? "Seeded the demo county." : "The demo county is already there.");
            await SeedDemoStaffAsync(services, cancellationToken);
        }

        Console.WriteLine("Storage is ready.");
    }

    /// <summary>
    /// "staff-add name role county [school,school] [display name]": creates a password account and prints
    /// its one-time password (and, for a bureau officer, the authenticator QR code) for counties without Entra ID.
    /// </summary>
    public static async Task<int> AddStaffAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count < 3 || !Enum.TryParse<StaffRole>(args[1], ignoreCase: true, out var role))
        {
            Console.Error.WriteLine($"Usage: staff-add <name> <{string.Join("|", Enum.GetNames<StaffRole>())}> <county> [school,school] [display name]");
            return 2;
        }

        var schools = args.Count > 3 ? args[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        if (role is StaffRole.SchoolReviewer or StaffRole.SchoolHead && schools.Length == 0)
        {
            Console.Error.WriteLine("School reviewers and heads need the schools they review.");
            return 2;
        }

        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(cancellationToken);
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var enrollment = services.GetRequiredService<StaffSignIn>().NewAccount(args[0], args.Count > 4 ? args[4] : args[0], role, args[2], schools, password);
        if (!await services.GetRequiredService<IStaffStore>().TryCreateAsync(enrollment.Account, cancellationToken))
        {
            Console.Error.WriteLine($"An account named {enrollment.Account.Id} already exists.");
            return 1;
        }

        Console.WriteLine($"Created {enrollment.Account.Id} ({role}). One-time password, hand it over in person: {password}");
        PrintAuthenticator(enrollment);
        return 0;
    }

    private static async Task SeedDemoStaffAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var signIn = services.GetRequiredService<StaffSignIn>();
        var store = services.GetRequiredService<IStaffStore>();
        StaffEnrollment[] demo =
        [
            signIn.NewAccount("reviewer@demo", "城关小学招生审核员", StaffRole.SchoolReviewer, DemoCounty.Id, [$"{DemoCounty.Id}-101", $"{DemoCounty.Id}-102"], DemoPassword),
            signIn.NewAccount("head@demo", "城关一小校长", StaffRole.SchoolHead, DemoCounty.Id, [$"{DemoCounty.Id}-101"], DemoPassword),
            signIn.NewAccount("officer@demo", "示范县教育局招生办", StaffRole.BureauOfficer, DemoCounty.Id, [], DemoPassword),
            signIn.NewAccount("auditor@demo", "示范县教育局审计", StaffRole.Auditor, DemoCounty.Id, [], DemoPassword),
        ];
        foreach (var enrollment in demo)
        {
            if (await store.TryCreateAsync(enrollment.Account, cancellationToken))
            {
                Console.WriteLine($"Demo staff account {enrollment.Account.Id} ({enrollment.Account.Role}), password {DemoPassword}");
                PrintAuthenticator(enrollment);
            }
        }
    }

    private static void PrintAuthenticator(StaffEnrollment enrollment)
    {
        if (enrollment.TotpSecret is { } secret)
        {
            var uri = StaffSignIn.AuthenticatorUri("Enrollment", enrollment.Account.Id, secret);
            Console.WriteLine($"Scan with an authenticator app (secret {secret}; without a phone: `totp {secret}` prints the current code):");
            Console.WriteLine(TerminalQrCode.Render(uri));
        }
    }
}
