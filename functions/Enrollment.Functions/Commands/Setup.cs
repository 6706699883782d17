using Enrollment.Azure.Storage;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Functions.Commands;

/// <summary>"setup": the stores created once; on a first local run, the demo county and its staff seeded.</summary>
internal static class Setup
{
    /// <summary>The demo staff's password: Development only, printed by setup, never valid anywhere else.</summary>
    private const string DemoPassword = "Demo-2026-enrollment";

    public static async Task<int> RunAsync(string[] arguments)
    {
        await using var host = StorageHost.Build(arguments);
        var services = host.Services;
        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        if (host.Environment.IsDevelopment())
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var created = await services.GetRequiredService<ICountyStore>().TryCreateAsync(DemoCounty.Create(now), CancellationToken.None);
            Console.WriteLine(created ? "Seeded the demo county." : "The demo county is already there.");
            await SeedDemoStaffAsync(services);
        }

        Console.WriteLine("Storage is ready.");
        return 0;
    }

    private static async Task SeedDemoStaffAsync(IServiceProvider services)
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
            if (await store.TryCreateAsync(enrollment.Account, CancellationToken.None))
            {
                Console.WriteLine($"Demo staff account {enrollment.Account.Id} ({enrollment.Account.Role}), password {DemoPassword}");
                StaffAdd.PrintAuthenticator(enrollment);
            }
        }
    }
}
