using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Enrollment.Azure.Uploads;

/// <summary>
/// Signs SAS links for single blobs. With an account key (Azurite, a connection string) the key
/// signs; in Azure, where shared keys are off and the app has only its managed identity, a user
/// delegation key signs, fetched from the service and reused until shortly before it expires
/// (the identity needs a role that includes generateUserDelegationKey, e.g. Storage Blob Data Contributor).
/// </summary>
public sealed class BlobSasIssuer(BlobServiceClient service, TimeProvider time)
{
    /// <summary>How long each delegation key is asked for (the service allows up to seven days).</summary>
    public static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(1);

    /// <summary>A key is replaced this long before it expires; a link that would outlive the key gets a fresh one.</summary>
    public static readonly TimeSpan DelegationKeyRenewal = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan DelegationKeyClockSkew = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private UserDelegationKey? _key;

    public async Task<Uri> SignAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset startsOn, DateTimeOffset expiresOn, Action<BlobSasBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b", // this one blob: not its container, not a prefix
            StartsOn = startsOn,
            // HTTPS only, except for the local emulator, which speaks plain HTTP on loopback.
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttp && blob.Uri.IsLoopback ? SasProtocol.HttpsAndHttp : SasProtocol.Https,
        };
        configure?.Invoke(builder);

        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(builder);
        }

        var key = await GetDelegationKeyAsync(expiresOn, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = builder.ToSasQueryParameters(key, service.AccountName) }.ToUri();
    }

    private async Task<UserDelegationKey> GetDelegationKeyAsync(DateTimeOffset linkExpiresOn, CancellationToken cancellationToken)
    {
        if (Usable(_key, linkExpiresOn) is { } cached)
        {
            return cached;
        }

        await _keyGate.WaitAsync(cancellationToken);
        try
        {
            if (Usable(_key, linkExpiresOn) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var now = time.GetUtcNow();
            var response = await service.GetUserDelegationKeyAsync(
                new BlobGetUserDelegationKeyOptions(now + DelegationKeyLifetime) { StartsOn = now - DelegationKeyClockSkew },
                cancellationToken);
            _key = response.Value;
            return _key;
        }
        finally
        {
            _keyGate.Release();
        }
    }

    private UserDelegationKey? Usable(UserDelegationKey? key, DateTimeOffset linkExpiresOn) =>
        key is not null && time.GetUtcNow() < key.SignedExpiresOn - DelegationKeyRenewal && linkExpiresOn <= key.SignedExpiresOn ? key : null;
}
