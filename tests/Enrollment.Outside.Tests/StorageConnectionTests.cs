using Azure.Identity;
using Enrollment.Azure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrollment.Outside.Tests;

/// <summary>Identity-based storage connections as the deployment sets them, and the emulators' defaults.</summary>
public class StorageConnectionTests
{
    [Fact]
    public void ALoopbackEndpointGetsTheEmulatorKeyAndAnAzureEndpointTheIdentity()
    {
        Assert.Equal(CosmosConnection.EmulatorKey, new CosmosConnection { AccountEndpoint = "https://127.0.0.1:8081/" }.Key);
        Assert.Null(new CosmosConnection { AccountEndpoint = "https://enrollment.documents.azure.cn:443/" }.Key);
        Assert.Equal("a-key", new CosmosConnection { AccountEndpoint = "https://10.0.0.5:8081/", AccountKey = "a-key" }.Key);
    }

    [Fact]
    public void ABlobServiceUriTakesOverFromTheDefaultConnectionString()
    {
        var azure = new BlobConnection { ServiceUri = "https://enrollment.blob.core.chinacloudapi.cn" };
        Assert.True(azure.UsesIdentity);
        Assert.False(azure.IsEmulator);
        Assert.True(new BlobConnection().IsEmulator);
    }

    [Fact]
    public void TheManagedIdentityCredentialIsUsedWhenTheSettingsSaySo()
    {
        Assert.IsType<ManagedIdentityCredential>(new CosmosConnection { Credential = "managedidentity", ClientId = "00000000-0000-0000-0000-000000000001" }.CreateCredential());
        Assert.IsType<DefaultAzureCredential>(new BlobConnection().CreateCredential());
    }

    [Theory]
    [InlineData("Storage:Cosmos:accountEndpoint", "http://enrollment.documents.azure.com/", "Storage:Cosmos:accountEndpoint")]
    [InlineData("Storage:Blob:serviceUri", "enrollment.blob", "Storage:Blob:serviceUri")]
    [InlineData("Storage:Blob:connectionString", "", "Storage:Blob:connectionString")]
    public void AWrongSettingStopsTheAppWithItsName(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddEnrollmentStorage().BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains(named, refused.Message);
    }
}
