using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Identity;

namespace Enrollment.Azure.Storage;

/// <summary>
/// Where applications and uploads live. Locally: the emulators with their well-known keys. In Azure:
/// identity-based connections named as the Functions host names its own (<c>Storage__Cosmos__accountEndpoint</c>,
/// <c>__credential</c>, <c>__clientId</c>), so no key or connection string exists anywhere.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public CosmosConnection Cosmos { get; set; } = new();

    public BlobConnection Blob { get; set; } = new();

    [Required]
    public string CosmosDatabase { get; set; } = "enrollment";

    /// <summary>The blob container of lottery lists and transcripts, each written once (with an immutability policy in Azure).</summary>
    [Required]
    public string LotteryContainer { get; set; } = "lotteries";
}

/// <summary>A Cosmos DB account: its endpoint, and a key only for the local emulator.</summary>
public sealed class CosmosConnection : IdentityConnection
{
    /// <summary>The Azure Cosmos DB emulator's published key, which every local emulator accepts.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nIRyDGtrDMaDx8E4KZFDHxOqKBnBFkKQDDo6g2Cw==";

    public string AccountEndpoint { get; set; } = "https://127.0.0.1:8081/";

    /// <summary>An account key; unset, a loopback endpoint gets the emulator's key and any other the identity.</summary>
    public string? AccountKey { get; set; }

    public bool IsValid => Uri.TryCreate(AccountEndpoint, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    public bool IsLoopback => Uri.TryCreate(AccountEndpoint, UriKind.Absolute, out var uri) && uri.IsLoopback;

    /// <summary>The key to sign requests with, or null to use the identity.</summary>
    public string? Key => !string.IsNullOrEmpty(AccountKey) ? AccountKey : IsLoopback ? EmulatorKey : null;
}

/// <summary>A Blob Storage account: its service URI with the identity in Azure, or a connection string for Azurite.</summary>
public sealed class BlobConnection : IdentityConnection
{
    /// <summary>https://{account}.blob.core.windows.net (or .core.chinacloudapi.cn); when set, the identity is used.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>Azurite locally (the default); ignored once <see cref="ServiceUri"/> is set.</summary>
    public string? ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    public bool UsesIdentity => !string.IsNullOrEmpty(ServiceUri);

    /// <summary>Azurite, on this machine or (run.sh --lan) opened to the local network: its well-known account.</summary>
    public bool IsEmulator => !UsesIdentity && ConnectionString is { } connection
        && (connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) || connection.Contains("AccountName=devstoreaccount1;", StringComparison.Ordinal));

    public bool IsValid => UsesIdentity ? Uri.TryCreate(ServiceUri, UriKind.Absolute, out _) : !string.IsNullOrEmpty(ConnectionString);
}

/// <summary>
/// The credential part of an identity-based connection, as the Functions host reads it: <c>credential</c>
/// "managedidentity" with the user-assigned identity's <c>clientId</c>; unset, whoever is signed in on a
/// developer's machine (DefaultAzureCredential).
/// </summary>
public abstract class IdentityConnection
{
    public string? Credential { get; set; }

    public string? ClientId { get; set; }

    public TokenCredential CreateCredential() => string.Equals(Credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
        ? ManagedIdentity(ClientId)
        : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrEmpty(ClientId) ? null : ClientId });

    /// <summary>The user-assigned identity with this client id, or the system-assigned one without.</summary>
    public static ManagedIdentityCredential ManagedIdentity(string? clientId) =>
        new(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId));
}
