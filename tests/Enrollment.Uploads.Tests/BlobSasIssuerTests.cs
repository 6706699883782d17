using System.Web;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Enrollment.Azure.Uploads;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Enrollment.Uploads.Tests;

/// <summary>
/// The managed-identity path (no account key): links are signed with a user delegation key, which
/// is fetched once and reused until shortly before it expires. The emulator cannot issue such keys
/// without OAuth over HTTPS, so the service is a mock here.
/// </summary>
public sealed class BlobSasIssuerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 6, 2, 0, 0, TimeSpan.Zero));
    private readonly Mock<BlobServiceClient> _service = new();
    private readonly List<BlobGetUserDelegationKeyOptions> _keyRequests = [];

    // Like an account in Azure: an https endpoint and no key, so the client cannot sign by itself.
    private readonly BlobClient _blob = new(new Uri("https://enrollment.blob.core.chinacloudapi.cn/quarantine/owner-1/0123456789abcdefghjkmnpqrs"));

    public BlobSasIssuerTests()
    {
        _service.SetupGet(s => s.AccountName).Returns("enrollment");
        _service.Setup(s => s.GetUserDelegationKeyAsync(It.IsAny<BlobGetUserDelegationKeyOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((BlobGetUserDelegationKeyOptions o, CancellationToken _) =>
            {
                _keyRequests.Add(o);
                // Positional: the factory has two overloads with the same parameter names.
                var key = BlobsModelFactory.UserDelegationKey(
                    "00000000-0000-0000-0000-00000000a1d0", // object id
                    "00000000-0000-0000-0000-00000000c0de", // tenant id
                    o.StartsOn!.Value,
                    o.ExpiresOn,
                    "b",
                    "2025-01-05",
                    Convert.ToBase64String(new byte[32]));
                return Response.FromValue(key, Mock.Of<Response>());
            });
    }

    private Task<Uri> SignAsync(BlobSasPermissions permissions, TimeSpan lifetime) =>
        new BlobSasIssuer(_service.Object, _time).SignAsync(_blob, permissions, _time.GetUtcNow().AddMinutes(-2), _time.GetUtcNow() + lifetime, null, CancellationToken.None);

    [Fact]
    public async Task WithoutAnAccountKeyALinkIsSignedWithAUserDelegationKeyForHttpsAndOneBlob()
    {
        var url = await SignAsync(BlobSasPermissions.Create | BlobSasPermissions.Write, TimeSpan.FromMinutes(5));

        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("cw", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Equal("https", query["spr"]);
        Assert.Equal("00000000-0000-0000-0000-00000000a1d0", query["skoid"]);
        Assert.NotNull(query["sig"]);
        Assert.Equal("/quarantine/owner-1/0123456789abcdefghjkmnpqrs", url.AbsolutePath);
    }

    [Fact]
    public async Task TheDelegationKeyIsReusedUntilShortlyBeforeItExpires()
    {
        var issuer = new BlobSasIssuer(_service.Object, _time);
        Task Sign() => issuer.SignAsync(_blob, BlobSasPermissions.Read, _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(10), null, CancellationToken.None);

        await Sign();
        await Sign();
        _time.Advance(BlobSasIssuer.DelegationKeyLifetime - BlobSasIssuer.DelegationKeyRenewal - TimeSpan.FromMinutes(1));
        await Sign();
        Assert.Single(_keyRequests);

        _time.Advance(TimeSpan.FromMinutes(2)); // now inside the renewal window
        await Sign();
        Assert.Equal(2, _keyRequests.Count);
        Assert.True(_keyRequests[1].StartsOn < _time.GetUtcNow(), "A key starts a little in the past, for clock skew.");
    }

    [Fact]
    public async Task ConcurrentSignersShareOneKeyRequest()
    {
        var issuer = new BlobSasIssuer(_service.Object, _time);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            issuer.SignAsync(_blob, BlobSasPermissions.Read, _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(5), null, CancellationToken.None)));

        Assert.Single(_keyRequests);
    }
}
