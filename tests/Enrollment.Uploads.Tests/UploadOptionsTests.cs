using Azure.Storage.Blobs;
using Enrollment.Azure.Uploads;
using Enrollment.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Enrollment.Uploads.Tests;

public sealed class UploadOptionsTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(new BlobServiceClient("UseDevelopmentStorage=true"));
        builder.Services.AddUploads();
        return builder.Build();
    }

    [Fact]
    public void TheDefaultsAreTheDocumentedOnes()
    {
        using var host = Build([]);
        var options = host.Services.GetRequiredService<IOptions<UploadOptions>>().Value;

        Assert.Equal("quarantine", options.QuarantineContainer);
        Assert.Equal("documents", options.DocumentsContainer);
        Assert.Equal(TimeSpan.FromMinutes(5), options.SlotLifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ReadLinkLifetime);
        Assert.Equal(10 * 1024 * 1024, options.MaxBytes);
        Assert.Equal(["image/jpeg", "image/png", "application/pdf"], options.EffectiveAllowedContentTypes);
    }

    [Fact]
    public void AConfiguredTypeListReplacesTheDefaults()
    {
        using var host = Build(new() { ["Uploads:AllowedContentTypes:0"] = "image/png", ["Uploads:AllowedContentTypes:1"] = "image/HEIC" });

        Assert.Equal(["image/png", "image/heic"], host.Services.GetRequiredService<IOptions<UploadOptions>>().Value.EffectiveAllowedContentTypes);
    }

    [Theory]
    [InlineData("Uploads:AllowedContentTypes:0", "image/gif")]
    [InlineData("Uploads:SlotLifetime", "02:00:00")]
    [InlineData("Uploads:ReadLinkLifetime", "00:30:00")]
    [InlineData("Uploads:MaxBytes", "0")]
    [InlineData("Uploads:QuarantineContainer", "Not_A_Container")]
    [InlineData("Uploads:DocumentsContainer", "quarantine")]
    public async Task TheAppRefusesToStartWithABadSetting(string key, string value)
    {
        using var host = Build(new() { [key] = value });

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
