using Enrollment.Core.Applications;
using Enrollment.Core.Review;

namespace Enrollment.Functions.Schools;

public static class SchoolsServiceCollectionExtensions
{
    /// <summary>A school's review: its start when the window closes, the queues and decisions, reminders, and registration at the desk.</summary>
    public static IServiceCollection AddSchools(this IServiceCollection services)
    {
        services.AddSingleton<ReviewStart>();
        services.AddSingleton<Reviews>();
        services.AddSingleton<ReviewReminders>();
        services.AddSingleton<AssistedRegistration>();
        return services;
    }
}
