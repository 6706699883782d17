using Enrollment.Core.Applications;
using Enrollment.Core.Review;

namespace Enrollment.Functions.Schools;

public static class SchoolsServiceCollectionExtensions
{
    /// <summary>A school's review: its start when the window closes, the queues and decisions, reminders, registration at the desk, admission and check-in.</summary>
    public static IServiceCollection AddSchools(this IServiceCollection services)
    {
        services.AddSingleton<ReviewStart>();
        services.AddSingleton<Reviews>();
        services.AddSingleton<ReviewReminders>();
        services.AddSingleton<DeadlineReminders>();
        services.AddSingleton<AssistedRegistration>();
        services.AddSingleton<Transfers>();
        services.AddSingleton<Core.Admission.Admissions>();
        services.AddSingleton<Core.Admission.CheckIns>();
        return services;
    }
}
