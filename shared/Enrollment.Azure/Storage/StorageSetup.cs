using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Enrollment.Azure.Cosmos;
using Enrollment.Azure.Uploads;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Storage;

/// <summary>
/// Creates the database, containers and blob containers. Run as an explicit step (the local run
/// script, a test fixture); in Azure the Bicep creates them and the app never needs to.
/// </summary>
public sealed class StorageSetup(CosmosClient cosmos, BlobServiceClient blobs, UploadStorageSetup uploads, IOptions<StorageOptions> options)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var database = (await cosmos.CreateDatabaseIfNotExistsAsync(options.Value.CosmosDatabase, cancellationToken: cancellationToken)).Database;
        foreach (var definition in EnrollmentContainers.Definitions)
        {
            await database.CreateContainerIfNotExistsAsync(definition, cancellationToken: cancellationToken);
        }

        await uploads.EnsureCreatedAsync(cancellationToken);
        await blobs.GetBlobContainerClient(options.Value.LotteryContainer).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);

        if (options.Value.Blob.IsEmulator)
        {
            // Phones upload straight to storage from the app's pages: the local emulator must allow that
            // cross-origin PUT (in Azure the infrastructure sets the same rule for the app's address).
            var properties = (await blobs.GetPropertiesAsync(cancellationToken)).Value;
            properties.Cors = [new BlobCorsRule { AllowedOrigins = "*", AllowedMethods = "PUT,OPTIONS", AllowedHeaders = "x-ms-blob-type,content-type,x-ms-version,x-ms-client-request-id", ExposedHeaders = "*", MaxAgeInSeconds = 600 }];
            await blobs.SetPropertiesAsync(properties, cancellationToken);
        }
    }
}
