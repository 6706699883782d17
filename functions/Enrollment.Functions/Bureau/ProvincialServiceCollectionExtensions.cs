using Enrollment.Core.Provincial;

namespace Enrollment.Functions.Bureau;

public static class ProvincialServiceCollectionExtensions
{
    /// <summary>The student-record form, the admitted-list exports and the provincial sync (its client comes with the outside services).</summary>
    public static IServiceCollection AddProvincialExchange(this IServiceCollection services)
    {
        services.AddSingleton<StudentRecordForm>();
        services.AddSingleton<AdmittedLists>();
        services.AddSingleton<ProvincialSync>();
        return services;
    }
}
