using System.ComponentModel.DataAnnotations;

namespace Enrollment.Azure.Storage;

/// <summary>
/// Where applications and uploads live. Locally: the emulators with their well-known keys.
/// In Azure: endpoints only, and the app's managed identity through DefaultAzureCredential.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The Azure Cosmos DB emulator's published key, which every local emulator accepts.</summary>
    public const string EmulatorCosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nIRyDGtrDMaDx8E4KZFDHxOqKBnBFkKQDDo6g2Cw==";

    [Required]
    [Url]
    public string CosmosEndpoint { get; set; } = "https://127.0.0.1:8081/";

    /// <summary>Account key; leave empty in Azure to use the managed identity.</summary>
    public string? CosmosKey { get; set; } = EmulatorCosmosKey;

    [Required]
    public string CosmosDatabase { get; set; } = "enrollment";

    /// <summary>Connection string (Azurite locally); leave empty in Azure and set <see cref="BlobServiceUri"/>.</summary>
    public string? BlobConnectionString { get; set; } = "UseDevelopmentStorage=true";

    public string? BlobServiceUri { get; set; }

    /// <summary>The blob container of lottery lists and transcripts, each written once (with an immutability policy in Azure).</summary>
    [Required]
    public string LotteryContainer { get; set; } = "lotteries";

    /// <summary>Azurite, on this machine or (run.sh --lan) opened to the local network: its well-known account.</summary>
    public bool IsBlobEmulator => BlobConnectionString is { } connection
        && (connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) || connection.Contains("AccountName=devstoreaccount1;", StringComparison.Ordinal));

    public bool IsLoopbackCosmos => Uri.TryCreate(CosmosEndpoint, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
