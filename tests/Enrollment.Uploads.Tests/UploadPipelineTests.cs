using System.Net;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Enrollment.Azure.Uploads;
using Enrollment.Core.Uploads;
using static Enrollment.Uploads.Tests.TestImages;

namespace Enrollment.Uploads.Tests;

/// <summary>The whole pipeline against real Azurite: the links a phone gets, and what accept makes of the upload.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class UploadPipelineTests(LocalEmulators emulators) : IAsyncLifetime
{
    private UploadHarness _harness = null!;

    private UploadService Uploads => _harness.Uploads;

    private static string NewOwner() => "parent-" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync() => _harness = await UploadHarness.StartAsync(emulators);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ASlotLinkWritesItsOwnBlobAndNothingElse()
    {
        var owner = NewOwner();
        var slot = await _harness.IssueAsync(owner, "image/jpeg", 1000);
        Assert.Equal($"{owner}/{slot.UploadId}", slot.BlobName);
        Assert.DoesNotContain("sp=r", slot.UploadUrl.Query);

        using var put = await UploadHarness.PutAsync(slot, PhonePhoto());
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.True(await _harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());

        // Not read back, not listed, not deleted.
        using var get = await UploadHarness.Phone.GetAsync(slot.UploadUrl);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        var containerUrl = new Uri($"{_harness.Quarantine.Uri}?restype=container&comp=list&{slot.UploadUrl.Query.TrimStart('?')}");
        using var list = await UploadHarness.Phone.GetAsync(containerUrl);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var delete = await UploadHarness.Phone.DeleteAsync(slot.UploadUrl);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);

        // The same signature on another name (another owner's, or the server's slot record) is refused.
        foreach (var otherName in new[] { $"{owner}/{slot.UploadId}-2", $"{NewOwner()}/{slot.UploadId}", $"{owner}/{slot.UploadId}.slot.json" })
        {
            var otherUrl = new Uri($"{_harness.Quarantine.GetBlobClient(otherName).Uri}{slot.UploadUrl.Query}");
            using var other = await UploadHarness.PutAsync(otherUrl, [1, 2, 3], slot.RequiredHeaders);
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        Assert.Equal([$"{owner}/{slot.UploadId}", $"{owner}/{slot.UploadId}.slot.json"], (await _harness.QuarantineNamesAsync()).Order());
    }

    [Theory]
    [InlineData("sig", "a different signature")]
    [InlineData("sp", "more permissions")]
    [InlineData("se", "a later expiry")]
    [InlineData("sr", "the whole container")]
    public async Task AForgedSlotLinkIsRefusedAndWritesNothing(string field, string forgery)
    {
        var owner = NewOwner();
        var slot = await _harness.IssueAsync(owner, "image/png", CleanPng.Length);
        var query = System.Web.HttpUtility.ParseQueryString(slot.UploadUrl.Query);
        Assert.NotNull(query[field]);
        query[field] = field switch
        {
            "sig" => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            "sp" => "racwdl",
            "se" => DateTimeOffset.UtcNow.AddYears(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            _ => "c",
        };
        var forged = new UriBuilder(slot.UploadUrl) { Query = query.ToString() }.Uri;

        using var put = await UploadHarness.PutAsync(forged, CleanPng, slot.RequiredHeaders);

        Assert.True(put.StatusCode == HttpStatusCode.Forbidden, $"a link with {forgery} answered {put.StatusCode}");
        Assert.False(await _harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());
    }

    [Fact]
    public async Task AnExpiredSlotLinkIsRefused()
    {
        // Azurite checks expiry against the real clock, so issue a link that lives two seconds and wait.
        await using var harness = await UploadHarness.StartAsync(emulators, new() { ["Uploads:SlotLifetime"] = "00:00:02" });
        var slot = await harness.IssueAsync(NewOwner(), "image/png", CleanPng.Length);
        Assert.True(slot.ExpiresAt - DateTimeOffset.UtcNow <= TimeSpan.FromSeconds(2));

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        using var late = await UploadHarness.PutAsync(slot, CleanPng);

        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.False(await harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());
    }

    [Fact]
    public async Task AcceptingAPhonePhotoRemovesItsGpsAndAttachesItAsADocument()
    {
        var owner = NewOwner();
        var photo = PhonePhoto(orientation: 6);
        var slot = await _harness.UploadAsync(owner, "image/jpeg", photo, kind: "birth-certificate");

        var document = Assert.IsType<AcceptOutcome.Accepted>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None)).Document;

        byte[] expected = [.. Soi, .. Jfif, .. OrientationOnlyApp1(6), .. Icc, .. ImageSegments, .. Eoi];
        Assert.Equal(new AcceptedDocument(owner, slot.UploadId, "birth-certificate", "image/jpeg", expected.Length,
            Convert.ToHexStringLower(SHA256.HashData(expected)), document.AcceptedAt), document);

        var stored = await _harness.Documents.GetBlobClient($"{owner}/{slot.UploadId}").DownloadContentAsync();
        Assert.Equal(expected, stored.Value.Content.ToArray());
        Assert.Equal("image/jpeg", stored.Value.Details.ContentType);
        Assert.False(ContainsAscii(stored.Value.Content.ToArray(), "GPSLatitude"));
        Assert.False(ContainsAscii(stored.Value.Content.ToArray(), "PhoneCo"));

        // Nothing is left in quarantine: neither the upload nor the slot record.
        Assert.Empty(await _harness.QuarantineNamesAsync());
    }

    [Fact]
    public async Task AStaffReadLinkReadsTheOneDocumentAndDoesNothingElse()
    {
        var owner = NewOwner();
        var slot = await _harness.UploadAsync(owner, "image/png", PngWithMetadata);
        var document = Assert.IsType<AcceptOutcome.Accepted>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None)).Document;

        var link = await Uploads.GetReadUrlAsync(document, CancellationToken.None);

        Assert.InRange(link.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(10));
        using var read = await UploadHarness.Phone.GetAsync(link.Url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(CleanPng, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", read.Content.Headers.ContentType?.MediaType);
        Assert.True(read.Headers.CacheControl is { NoStore: true, Private: true }, $"Cache-Control: {read.Headers.CacheControl}");

        using var overwrite = await UploadHarness.PutAsync(link.Url, [1, 2, 3], new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" });
        Assert.Equal(HttpStatusCode.Forbidden, overwrite.StatusCode);
        using var delete = await UploadHarness.Phone.DeleteAsync(link.Url);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task APngRenamedAsAPdfIsRefusedAndTheUploadIsDeleted()
    {
        var owner = NewOwner();
        var slot = await _harness.UploadAsync(owner, "application/pdf", CleanPng);

        var refused = Assert.IsType<AcceptOutcome.Refused>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));

        Assert.Equal(new UploadRefusal(UploadRefusalReason.TypeMismatch, CleanPng.Length, UploadOptions.DefaultMaxBytes, "application/pdf", "image/png"), refused.Refusal);
        Assert.False(await _harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());
        Assert.False(await _harness.Documents.GetBlobClient(slot.BlobName).ExistsAsync());

        // Asked again, the same answer, even if the still-valid link was used to upload again.
        using var again = await UploadHarness.PutAsync(slot, Pdf);
        Assert.Equal(refused, await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));
        Assert.False(await _harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());
    }

    [Fact]
    public async Task AFileOfUnknownTypeIsAMismatchWithNothingDetected()
    {
        var owner = NewOwner();
        var slot = await _harness.UploadAsync(owner, "image/jpeg", [.. "<html><script>alert(1)</script></html>"u8]);

        var refused = Assert.IsType<AcceptOutcome.Refused>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));

        Assert.Equal(UploadRefusalReason.TypeMismatch, refused.Refusal.Reason);
        Assert.Null(refused.Refusal.DetectedContentType);
    }

    [Fact]
    public async Task AnEmptyFileIsRefused()
    {
        var owner = NewOwner();
        Assert.IsType<SlotOutcome.Empty>(await Uploads.IssueSlotAsync(owner, "household-register", "image/png", 0, CancellationToken.None));

        // The phone declared a size but sent nothing.
        var slot = await _harness.UploadAsync(owner, "image/png", []);
        var refused = Assert.IsType<AcceptOutcome.Refused>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));

        Assert.Equal(UploadRefusalReason.Empty, refused.Refusal.Reason);
        Assert.False(await _harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());
    }

    [Fact]
    public async Task AFileOverTheCapIsRefusedEvenThoughTheLinkCouldNotStopIt()
    {
        await using var harness = await UploadHarness.StartAsync(emulators, new() { ["Uploads:MaxBytes"] = "4096" });
        var owner = NewOwner();
        var tooLarge = Assert.IsType<SlotOutcome.TooLarge>(await harness.Uploads.IssueSlotAsync(owner, "household-register", "application/pdf", 4097, CancellationToken.None));
        Assert.Equal(4096, tooLarge.MaxBytes);

        // A SAS cannot limit size: the phone declares 1 KB and uploads 64 KB, and the upload succeeds.
        var slot = await harness.IssueAsync(owner, "application/pdf", 1024);
        byte[] big = [.. Pdf, .. new byte[64 * 1024]];
        using var put = await UploadHarness.PutAsync(slot, big);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var refused = Assert.IsType<AcceptOutcome.Refused>(await harness.Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));
        Assert.Equal(new UploadRefusal(UploadRefusalReason.TooLarge, big.Length, 4096, "application/pdf", null), refused.Refusal);
        Assert.False(await harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());
    }

    [Fact]
    public async Task AnotherOwnerCannotAcceptOrEvenSeeTheUpload()
    {
        var owner = NewOwner();
        var slot = await _harness.UploadAsync(owner, "image/png", CleanPng);

        Assert.IsType<AcceptOutcome.NotFound>(await Uploads.AcceptAsync(NewOwner(), slot.UploadId, CancellationToken.None));
        Assert.Null(await Uploads.GetDocumentAsync(NewOwner(), slot.UploadId, CancellationToken.None));

        // The stranger's attempt changed nothing: the owner still attaches the file.
        Assert.True(await _harness.Quarantine.GetBlobClient(slot.BlobName).ExistsAsync());
        Assert.IsType<AcceptOutcome.Accepted>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));
        Assert.IsType<AcceptOutcome.NotFound>(await Uploads.AcceptAsync(NewOwner(), slot.UploadId, CancellationToken.None));
    }

    [Fact]
    public async Task AcceptIsIdempotent()
    {
        var owner = NewOwner();
        var slot = await _harness.UploadAsync(owner, "application/pdf", Pdf);

        var first = await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None);
        var document = Assert.IsType<AcceptOutcome.Accepted>(first).Document;
        Assert.Equal(Pdf.Length, document.Length);

        // The link is still valid: a second upload through it does not replace the accepted document.
        using var again = await UploadHarness.PutAsync(slot, [.. Pdf, .. "%% changed"u8]);
        Assert.Equal(first, await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));
        Assert.Equal(first, await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));
        Assert.Equal(document, await Uploads.GetDocumentAsync(owner, slot.UploadId, CancellationToken.None));
        Assert.Empty(await _harness.QuarantineNamesAsync());
    }

    [Fact]
    public async Task ConcurrentAcceptsAttachOneDocumentAndAgreeOnIt()
    {
        var owner = NewOwner();
        var slot = await _harness.UploadAsync(owner, "image/jpeg", PhonePhoto());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None)));

        var documents = outcomes.Select(o => Assert.IsType<AcceptOutcome.Accepted>(o).Document).ToArray();
        Assert.All(documents, d => Assert.Equal(documents[0], d));
        Assert.Empty(await _harness.QuarantineNamesAsync());
    }

    [Fact]
    public async Task AcceptBeforeTheUploadSaysNothingWasUploaded()
    {
        var owner = NewOwner();
        var slot = await _harness.IssueAsync(owner, "image/png", 100);

        var outcome = Assert.IsType<AcceptOutcome.NotUploaded>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));
        Assert.Equal(slot.ExpiresAt, outcome.SlotExpiresAt);

        // The slot is still usable afterwards.
        using var put = await UploadHarness.PutAsync(slot, CleanPng);
        Assert.IsType<AcceptOutcome.Accepted>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));
    }

    [Fact]
    public async Task AnUnknownUploadIsNotFound() =>
        Assert.IsType<AcceptOutcome.NotFound>(await Uploads.AcceptAsync(NewOwner(), "0123456789abcdefghjkmnpqrs", CancellationToken.None));

    [Fact]
    public async Task AHeicPhotoWithExifIsRefusedWhenHeicIsAllowed()
    {
        await using var harness = await UploadHarness.StartAsync(emulators, new() { ["Uploads:AllowedContentTypes:0"] = "image/heic" });
        var owner = NewOwner();

        var withExif = await harness.UploadAsync(owner, "image/heic", Heif(withExif: true));
        var refused = Assert.IsType<AcceptOutcome.Refused>(await harness.Uploads.AcceptAsync(owner, withExif.UploadId, CancellationToken.None));
        Assert.Equal(UploadRefusalReason.MetadataNotRemovable, refused.Refusal.Reason);

        var clean = await harness.UploadAsync(owner, "image/heic", Heif());
        var document = Assert.IsType<AcceptOutcome.Accepted>(await harness.Uploads.AcceptAsync(owner, clean.UploadId, CancellationToken.None)).Document;
        Assert.Equal("image/heic", document.ContentType);
    }

    [Fact]
    public async Task ADamagedImageIsRefused()
    {
        var owner = NewOwner();
        var photo = PhonePhoto();
        var slot = await _harness.UploadAsync(owner, "image/jpeg", photo[..(photo.Length / 2)]);

        var refused = Assert.IsType<AcceptOutcome.Refused>(await Uploads.AcceptAsync(owner, slot.UploadId, CancellationToken.None));

        Assert.Equal(UploadRefusalReason.Damaged, refused.Refusal.Reason);
        Assert.Equal("image/jpeg", refused.Refusal.DetectedContentType);
    }

    [Fact]
    public async Task TheSetupStepCreatesPrivateContainersAndCanRunAgain()
    {
        await using var harness = await UploadHarness.StartAsync(emulators);
        await harness.Blobs.GetBlobContainerClient(harness.Quarantine.Name).GetPropertiesAsync();

        var setup = new UploadStorageSetup(harness.Blobs, Microsoft.Extensions.Options.Options.Create(new UploadOptions
        {
            QuarantineContainer = harness.Quarantine.Name,
            DocumentsContainer = harness.Documents.Name,
        }));
        await setup.EnsureCreatedAsync(CancellationToken.None);

        foreach (var container in new[] { harness.Quarantine, harness.Documents })
        {
            var properties = await container.GetPropertiesAsync();
            Assert.Equal(PublicAccessType.None, properties.Value.PublicAccess);
        }
    }
}
