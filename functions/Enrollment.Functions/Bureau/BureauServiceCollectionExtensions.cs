using Enrollment.Core.Counties;
using Enrollment.Core.Lottery;
using Enrollment.Core.Review;

namespace Enrollment.Functions.Bureau;

public static class BureauServiceCollectionExtensions
{
    /// <summary>Onboarding, the county's configuration and announcements, dashboard, special groups and placements, lotteries and classes, and the provincial exchange.</summary>
    public static IServiceCollection AddBureau(this IServiceCollection services)
    {
        services.AddSingleton<Onboarding>();
        services.AddSingleton<CountyConfiguration>();
        services.AddSingleton<Core.Announcements.Announcements>();
        services.AddSingleton<Dashboard>();
        services.AddSingleton<YearStatisticsReport>();
        services.AddSingleton<SpecialGroups>();
        services.AddSingleton<Placements>();
        services.AddSingleton<Lotteries>();
        services.AddSingleton<ClassAssignments>();
        services.AddProvincialExchange();
        return services;
    }
}
