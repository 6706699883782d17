using Enrollment.Azure.Storage;
using Enrollment.Core.Counties;

namespace Enrollment.Functions.Hosting;

/// <summary>The explicit setup step: stores created once, the demo county seeded on a first local run.</summary>
public static class LocalSetup
{
    public static async Task RunAsync(IServiceProvider services, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(cancellationToken);
        if (environment.IsDevelopment())
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var created = await services.GetRequiredService<ICountyStore>().TryCreateAsync(DemoCounty.Create(now), cancellationToken);
            Console.WriteLine(created ? "Seeded the demo county." : "The demo county is already there.");
        }

        Console.WriteLine("Storage is ready.");
    }
}
