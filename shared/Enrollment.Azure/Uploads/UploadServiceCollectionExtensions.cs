using Azure.Storage.Blobs;
using Enrollment.Core.Uploads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Uploads;

public static class UploadServiceCollectionExtensions
{
    /// <summary>
    /// The upload pipeline over Blob Storage, configured from the <c>Uploads</c> section.
    /// Needs the <see cref="BlobServiceClient"/> that AddEnrollmentStorage registers.
    /// </summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BlobSasIssuer>();
        services.AddSingleton<IUploadStore>(sp => ActivatorUtilities.CreateInstance<BlobUploadStore>(sp, sp.GetRequiredService<IOptions<UploadOptions>>().Value));
        services.AddSingleton<UploadStorageSetup>();
        services.AddSingleton(sp => new UploadService(
            sp.GetRequiredService<IUploadStore>(),
            sp.GetRequiredService<IOptions<UploadOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
