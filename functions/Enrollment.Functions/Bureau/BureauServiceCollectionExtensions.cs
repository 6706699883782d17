using Enrollment.Azure.Cosmos;
using Enrollment.Core.Admission;
using Enrollment.Core.Applications;
using Enrollment.Core.Checks;
using Enrollment.Core.Counties;
using Enrollment.Core.Lottery;
using Enrollment.Core.Rehearsals;
using Enrollment.Core.Review;
using Enrollment.Core.Security;

namespace Enrollment.Functions.Bureau;

public static class BureauServiceCollectionExtensions
{
    /// <summary>Onboarding, the county's configuration and announcements, dashboard, special groups and placements, lotteries and classes, rehearsals, and the provincial exchange.</summary>
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
        services.AddSingleton<Rehearsals>();
        services.AddSingleton<Func<RehearsalKit>>(sp => () => RehearsalKitFor(sp));
        services.AddProvincialExchange();
        return services;
    }

    /// <summary>
    /// The services a rehearsal runs, made for one run: over the county store itself (so they see the practice copy),
    /// with the fake departments, in-memory families and lottery files; everything else as the app has it.
    /// </summary>
    private static RehearsalKit RehearsalKitFor(IServiceProvider services)
    {
        var counties = services.GetRequiredService<CosmosCountyStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var departments = new RehearsalDepartments();
        var protector = services.GetRequiredService<PersonalDataProtector>();
        var applications = services.GetRequiredService<IApplicationStore>();
        var families = new RehearsalParents(time);
        T Make<T>(params object[] overrides) => ActivatorUtilities.CreateInstance<T>(services, [counties, .. overrides]);
        return new RehearsalKit(counties, applications,
            Make<ApplicationService>(families, new DataSharingChecks(departments, protector, time), new RealNameChecks(departments, time)),
            Make<ReviewStart>(), Make<Reviews>(), Make<Lotteries>(new RehearsalLotteryArchive()), Make<Admissions>(new Transfers(applications, families)));
    }
}
