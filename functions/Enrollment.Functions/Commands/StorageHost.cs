using Enrollment.Azure.Storage;
using Enrollment.Functions.Hosting;
using Enrollment.Functions.Staff;

namespace Enrollment.Functions.Commands;

/// <summary>
/// What setup and staff-add run on: the app's settings, read as the app reads them, with only the stores, the keys and
/// staff password accounts registered. Nothing else is built, so no other setting is asked for, and the keys only
/// when an account is made. Never started: its services are used directly.
/// </summary>
internal static class StorageHost
{
    public static WebApplication Build(string[] arguments)
    {
        var builder = FunctionsWorker.CreateSettingsBuilder(arguments);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSecurityKeys();
        builder.Services.AddEnrollmentStorage();
        builder.Services.AddStaffPasswordAccounts();
        return builder.Build();
    }
}
