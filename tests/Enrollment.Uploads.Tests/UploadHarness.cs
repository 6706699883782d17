using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using Enrollment.Azure.Uploads;
using Enrollment.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrollment.Uploads.Tests;

/// <summary>
/// The upload services wired as the app wires them (AddUploads, real Azurite), with containers of
/// their own, so no test sees another's blobs. Disposing deletes the containers.
/// </summary>
public sealed class UploadHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private UploadHarness(ServiceProvider services)
    {
        _services = services;
        var options = services.GetRequiredService<IOptions<UploadOptions>>().Value;
        Blobs = services.GetRequiredService<BlobServiceClient>();
        Quarantine = Blobs.GetBlobContainerClient(options.QuarantineContainer);
        Documents = Blobs.GetBlobContainerClient(options.DocumentsContainer);
    }

    /// <summary>A phone: a plain HTTP client that knows nothing but the link it was given.</summary>
    public static HttpClient Phone { get; } = new();

    public UploadService Uploads => _services.GetRequiredService<UploadService>();

    public BlobServiceClient Blobs { get; }

    public BlobContainerClient Quarantine { get; }

    public BlobContainerClient Documents { get; }

    public static async Task<UploadHarness> StartAsync(LocalEmulators emulators, Dictionary<string, string?>? settings = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Uploads:QuarantineContainer"] = "quarantine-" + id,
                ["Uploads:DocumentsContainer"] = "documents-" + id,
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(new BlobServiceClient(emulators.BlobConnectionString))
            .AddUploads()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await services.GetRequiredService<UploadStorageSetup>().EnsureCreatedAsync(CancellationToken.None);
        return new UploadHarness(services);
    }

    public async Task<UploadSlot> IssueAsync(string ownerId, string contentType, long declaredLength, string kind = "household-register")
    {
        var outcome = await Uploads.IssueSlotAsync(ownerId, kind, contentType, declaredLength, CancellationToken.None);
        return Assert.IsType<SlotOutcome.Issued>(outcome).Slot;
    }

    /// <summary>What the phone page does: PUT the bytes to the link with the headers the slot names.</summary>
    public static async Task<HttpResponseMessage> PutAsync(Uri url, byte[] content, IReadOnlyDictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.Add(name, value);
            }
        }

        return await Phone.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutAsync(UploadSlot slot, byte[] content) => PutAsync(slot.UploadUrl, content, slot.RequiredHeaders);

    /// <summary>Issues a slot and uploads through it, as a phone would.</summary>
    public async Task<UploadSlot> UploadAsync(string ownerId, string contentType, byte[] content, string kind = "household-register")
    {
        var slot = await IssueAsync(ownerId, contentType, Math.Max(content.Length, 1), kind);
        using var response = await PutAsync(slot, content);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return slot;
    }

    public async Task<string[]> QuarantineNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Quarantine.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return [.. names];
    }

    public async ValueTask DisposeAsync()
    {
        await Quarantine.DeleteIfExistsAsync();
        await Documents.DeleteIfExistsAsync();
        await _services.DisposeAsync();
    }
}
