using Enrollment.Core.Uploads;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Enrollment.Uploads.Tests;

/// <summary>The decisions made before storage is touched: a refused slot never reaches the store.</summary>
public sealed class UploadServiceTests
{
    private readonly Mock<IUploadStore> _store = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 6, 2, 0, 0, TimeSpan.Zero));
    private readonly UploadOptions _options = new();

    private UploadService Service => new(_store.Object, _options, _time);

    [Theory]
    [InlineData("image/gif")]
    [InlineData("text/html")]
    [InlineData("image/heic")] // not allowed unless configured: see HeifMetadataInspector
    [InlineData("")]
    public async Task ATypeOutsideTheAllowedListIsRefused(string contentType)
    {
        var outcome = await Service.IssueSlotAsync("owner-1", "household-register", contentType, 1000, CancellationToken.None);

        var refused = Assert.IsType<SlotOutcome.TypeNotAllowed>(outcome);
        Assert.Equal(["image/jpeg", "image/png", "application/pdf"], refused.AllowedContentTypes);
    }

    [Fact]
    public async Task AnEmptyOrOversizedDeclarationIsRefused()
    {
        Assert.IsType<SlotOutcome.Empty>(await Service.IssueSlotAsync("owner-1", "birth-certificate", "image/png", 0, CancellationToken.None));
        var tooLarge = Assert.IsType<SlotOutcome.TooLarge>(await Service.IssueSlotAsync("owner-1", "birth-certificate", "image/png", UploadOptions.DefaultMaxBytes + 1, CancellationToken.None));
        Assert.Equal(UploadOptions.DefaultMaxBytes, tooLarge.MaxBytes);
    }

    [Theory]
    [InlineData("../other-owner")]
    [InlineData("Household")]
    [InlineData("")]
    public async Task AKindThatIsNotAPlainNameIsRefused(string kind) =>
        Assert.IsType<SlotOutcome.InvalidKind>(await Service.IssueSlotAsync("owner-1", kind, "image/png", 10, CancellationToken.None));

    [Theory]
    [InlineData("owner/../../other")]
    [InlineData("")]
    public async Task AnOwnerIdThatCouldEscapeItsPrefixIsABug(string ownerId) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Service.IssueSlotAsync(ownerId, "birth-certificate", "image/png", 10, CancellationToken.None));

    [Fact]
    public async Task ASlotIsRecordedWithAServerChosenNameAndTheConfiguredLifetime()
    {
        UploadSlotRecord? recorded = null;
        DateTimeOffset startsOn = default;
        _store.Setup(s => s.CreateSlotAsync(It.IsAny<UploadSlotRecord>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback((UploadSlotRecord r, DateTimeOffset s, CancellationToken _) => (recorded, startsOn) = (r, s))
            .ReturnsAsync((UploadSlotRecord r, DateTimeOffset _, CancellationToken _) => new UploadTarget($"{r.OwnerId}/{r.UploadId}", new Uri("https://example.invalid/q")));

        var slot = Assert.IsType<SlotOutcome.Issued>(await Service.IssueSlotAsync("owner-1", "birth-certificate", "image/jpg", 2048, CancellationToken.None)).Slot;

        Assert.NotNull(recorded);
        Assert.True(UploadService.IsWellFormedUploadId(slot.UploadId));
        Assert.Equal(slot.UploadId, recorded.UploadId);
        Assert.Equal("image/jpeg", recorded.DeclaredContentType);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), slot.ExpiresAt);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(2), startsOn);
        Assert.Equal("BlockBlob", slot.RequiredHeaders["x-ms-blob-type"]);
        Assert.Equal("image/jpeg", slot.RequiredHeaders["Content-Type"]);
        Assert.Equal(UploadOptions.DefaultMaxBytes, slot.MaxBytes);

        var another = Assert.IsType<SlotOutcome.Issued>(await Service.IssueSlotAsync("owner-1", "birth-certificate", "image/jpeg", 2048, CancellationToken.None)).Slot;
        Assert.NotEqual(slot.UploadId, another.UploadId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../owner-2/abc")]
    [InlineData("0123456789abcdefghjkmnpqrs.slot.json")]
    public async Task AMalformedUploadIdIsNotFoundWithoutAskingStorage(string uploadId) =>
        Assert.IsType<AcceptOutcome.NotFound>(await Service.AcceptAsync("owner-1", uploadId, CancellationToken.None));

    [Fact]
    public async Task AReadLinkLastsTheConfiguredTimeAndNeverMoreThanTenMinutes()
    {
        var document = new AcceptedDocument("owner-1", "0123456789abcdefghjkmnpqrs", "birth-certificate", "image/png", 10, "00", _time.GetUtcNow());
        _store.Setup(s => s.CreateReadUrlAsync(document, It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Uri("https://example.invalid/d"));

        var link = await Service.GetReadUrlAsync(document, CancellationToken.None);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), link.ExpiresAt);
        Assert.Equal("00:10:00", typeof(UploadOptions).GetProperty(nameof(UploadOptions.ReadLinkLifetime))!
            .GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.RangeAttribute), false)
            .Cast<System.ComponentModel.DataAnnotations.RangeAttribute>().Single().Maximum);
    }
}
