using Azure.Storage.Blobs;
using Enrollment.Azure.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Storage;

/// <summary>
/// Creates the database, containers and blob containers. Run as an explicit step (the local run
/// script, a test fixture); in Azure the Bicep creates them and the app never needs to.
/// </summary>
public sealed class StorageSetup(CosmosClient cosmos, BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var database = (await cosmos.CreateDatabaseIfNotExistsAsync(options.Value.CosmosDatabase, cancellationToken: cancellationToken)).Database;
        foreach (var definition in EnrollmentContainers.Definitions)
        {
            await database.CreateContainerIfNotExistsAsync(definition, cancellationToken: cancellationToken);
        }

        await blobs.GetBlobContainerClient(options.Value.UploadsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
