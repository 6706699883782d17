using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Enrollment.Azure.Cosmos;
using Enrollment.Azure.Storage;
using Enrollment.Core.Counties;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// Storage round trips per operation, counted by the app's own storage meter over the real emulators:
/// the opening-morning cost of each request (issue 5's goals: a status lookup is one point read, a
/// submit at most three writes).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class RoundTripTests(LocalEmulators emulators) : IAsyncLifetime
{
    private static readonly string[] Writes = ["create", "replace", "patch", "upsert", "delete"];
    private readonly EnrollmentApp _app = new(emulators);
    private readonly List<IDisposable> _instanceReads = [];
    private County _county = null!;

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public async Task DisposeAsync()
    {
        _instanceReads.ForEach(r => r.Dispose());
        await _app.DisposeAsync();
    }

    /// <summary>The application store of one more app instance over the same database: its own recent reads.</summary>
    private CosmosApplicationStore ApplicationStoreOfAnInstance() =>
        new(_app.Services.GetRequiredService<EnrollmentContainers>(), InstanceReads(new RecentReads<Core.Applications.Application>(10)));

    /// <summary>The county store of one more app instance over the same database.</summary>
    private CosmosCountyStore CountyStoreOfAnInstance() =>
        new(_app.Services.GetRequiredService<EnrollmentContainers>(), InstanceReads(new RecentReads<County>(10)));

    private T InstanceReads<T>(T reads)
        where T : IDisposable
    {
        _instanceReads.Add(reads);
        return reads;
    }

    [Fact]
    public async Task AStatusLookupIsOnePointReadOfTheApplication()
    {
        var phone = await _app.NewParentAsync();
        var id = await phone.SubmitNewAsync(Form(), "key-" + Guid.NewGuid());

        using var requests = new StorageRequests(_app.Services);
        var status = await phone.GetAsync($"/api/parent/applications/{id}");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(["cosmos read applications"], requests.Seen);
    }

    [Fact]
    public async Task ARepeatedReadOfAnUnchangedApplicationIsAnsweredWithoutTheDocumentAndAChangeIsReadInFull()
    {
        var id = await (await _app.NewParentAsync()).SubmitNewAsync(Form(), "key-" + Guid.NewGuid());
        var schoolId = _county.Schools[0].Id;
        var thisInstance = ApplicationStoreOfAnInstance();
        var otherInstance = ApplicationStoreOfAnInstance();

        var first = await thisInstance.GetVersionedApplicationAsync(id, schoolId, CancellationToken.None);
        using (var requests = new StorageRequests(_app.Services))
        {
            // Still one point read: Cosmos DB answers 304 and the copy read before is the answer.
            Assert.Same(first, await thisInstance.GetVersionedApplicationAsync(id, schoolId, CancellationToken.None));
            Assert.Equal(["cosmos read applications"], requests.Seen);
        }

        // A school's decision on another instance is seen at once, never this instance's copy.
        var decided = first!.Value.MoveTo(Core.Applications.ApplicationStatus.UnderReview, _app.Time.GetUtcNow(), Core.Applications.Actor.School, null);
        var etag = await otherInstance.TryReplaceApplicationAsync(decided, first.ETag, CancellationToken.None);
        var after = await thisInstance.GetVersionedApplicationAsync(id, schoolId, CancellationToken.None);

        Assert.NotNull(etag);
        Assert.Equal(etag, after!.ETag);
        Assert.Equal(Core.Applications.ApplicationStatus.UnderReview, after.Value.Status);
        Assert.Equal(Core.Applications.ApplicationStatus.UnderReview, (await thisInstance.GetApplicationAsync(id, schoolId, CancellationToken.None))!.Status);
        Assert.Null(await thisInstance.GetApplicationAsync("ABCD-EFGH-JKLM-NPQR-STUV", schoolId, CancellationToken.None));

        // What an instance writes itself it already knows: its next read is answered without the document.
        var eligible = after.Value.MoveTo(Core.Applications.ApplicationStatus.Eligible, _app.Time.GetUtcNow(), Core.Applications.Actor.School, null);
        var written = await thisInstance.TryReplaceApplicationAsync(eligible, after.ETag, CancellationToken.None);
        var reread = await thisInstance.GetVersionedApplicationAsync(id, schoolId, CancellationToken.None);
        Assert.Same(eligible, reread!.Value);
        Assert.Equal(written, reread.ETag);
        Assert.Equal(Core.Applications.ApplicationStatus.Eligible, (await otherInstance.GetApplicationAsync(id, schoolId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task AnUpdateBuildsOnAChangeMadeElsewhereAndWhatItWritesIsKnownWithoutTheDocument()
    {
        var id = await (await _app.NewParentAsync()).SubmitNewAsync(Form(), "key-" + Guid.NewGuid());
        var schoolId = _county.Schools[0].Id;
        var thisInstance = ApplicationStoreOfAnInstance();
        var otherInstance = ApplicationStoreOfAnInstance();
        var first = await thisInstance.GetVersionedApplicationAsync(id, schoolId, CancellationToken.None);
        var underReview = first!.Value.MoveTo(Core.Applications.ApplicationStatus.UnderReview, _app.Time.GetUtcNow(), Core.Applications.Actor.School, null);
        Assert.NotNull(await otherInstance.TryReplaceApplicationAsync(underReview, first.ETag, CancellationToken.None));

        // This instance holds the submitted version; the update starts from the one the school moved on.
        var updated = await thisInstance.UpdateAsync(id, schoolId,
            a => a.MoveTo(Core.Applications.ApplicationStatus.Eligible, _app.Time.GetUtcNow(), Core.Applications.Actor.School, null), CancellationToken.None);

        Assert.Equal([Core.Applications.ApplicationStatus.Submitted, Core.Applications.ApplicationStatus.UnderReview, Core.Applications.ApplicationStatus.Eligible],
            updated!.History.Select(h => h.Status));
        using var requests = new StorageRequests(_app.Services);
        Assert.Same(updated, (await thisInstance.GetVersionedApplicationAsync(id, schoolId, CancellationToken.None))!.Value);
        Assert.Equal(["cosmos read applications"], requests.Seen);
        Assert.Equal(Core.Applications.ApplicationStatus.Eligible, (await otherInstance.GetApplicationAsync(id, schoolId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task ACountyReadAgainUnchangedIsAnsweredWithoutTheDocumentAndAConfigurationChangeIsReadAtOnce()
    {
        var thisInstance = CountyStoreOfAnInstance();
        var otherInstance = CountyStoreOfAnInstance();

        var first = await thisInstance.GetVersionedAsync(_county.Id, CancellationToken.None);
        using (var requests = new StorageRequests(_app.Services))
        {
            Assert.Same(first, await thisInstance.GetVersionedAsync(_county.Id, CancellationToken.None));
            Assert.Equal(["cosmos read counties"], requests.Seen);
        }

        // The bureau changes the county on another instance: this one reads the change, not its copy.
        Assert.True(await otherInstance.TryReplaceAsync(first!.Value with { Name = "改名县" }, first.ETag, CancellationToken.None));
        Assert.Equal("改名县", (await thisInstance.GetAsync(_county.Id, CancellationToken.None))!.Name);

        // What this instance writes it already knows.
        var renamed = first.Value with { Name = "再改名县" };
        await thisInstance.UpsertAsync(renamed, CancellationToken.None);
        Assert.Same(renamed, await thisInstance.GetAsync(_county.Id, CancellationToken.None));
        Assert.Equal("再改名县", (await otherInstance.GetAsync(_county.Id, CancellationToken.None))!.Name);
        Assert.Null(await thisInstance.GetAsync("no-such-county", CancellationToken.None));
    }

    [Fact]
    public async Task ASubmitWritesTheClaimTheApplicationAndTheAccountOnce()
    {
        // The first submit in an app also fills the SDK's caches; the opening-morning cost is the next one.
        await (await _app.NewParentAsync()).SubmitNewAsync(Form());
        var phone = await _app.NewParentAsync();

        using var requests = new StorageRequests(_app.Services);
        await phone.SubmitNewAsync(Form(), "key-" + Guid.NewGuid());

        Assert.Equal(
            ["cosmos create applications", "cosmos create claims", "cosmos patch parents", "cosmos read claims", "cosmos read counties", "cosmos read parents"],
            requests.Seen.Order());
        Assert.True(requests.Seen.Count(r => Writes.Any(w => r.Contains($" {w} "))) <= 3);
    }

    [Fact]
    public async Task ARetryWithTheSameKeyIsAnsweredFromStorageWithoutWriting()
    {
        var phone = await _app.NewParentAsync();
        var key = "key-" + Guid.NewGuid();
        var form = Form();
        Assert.Equal(HttpStatusCode.Created, (await phone.SubmitAsync(form, key)).StatusCode);

        using var requests = new StorageRequests(_app.Services);
        Assert.Equal(HttpStatusCode.OK, (await phone.SubmitAsync(form, key)).StatusCode);

        Assert.DoesNotContain(requests.Seen, r => Writes.Any(w => r.Contains($" {w} ")));
        Assert.Equal(["cosmos read applications", "cosmos read claims", "cosmos read counties", "cosmos read parents"], requests.Seen.Order());
    }

    [Fact]
    public async Task BlobRequestsAreCountedByContainerWithoutTheBlobName()
    {
        var container = _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("roundtrips");

        using var requests = new StorageRequests(_app.Services);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("child-photo.jpg").UploadAsync(BinaryData.FromString("x"), overwrite: true);
        await container.GetBlobClient("child-photo.jpg").DeleteAsync();

        Assert.Equal(["blob create roundtrips", "blob create roundtrips", "blob delete roundtrips"], requests.Seen);
    }

    private Core.Applications.ApplicationForm Form() =>
        TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 3, 15)));

    /// <summary>The storage requests this app made while listening, as "store operation container".</summary>
    private sealed class StorageRequests : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string> _seen = new();

        public StorageRequests(IServiceProvider app)
        {
            // Only this app's meter: each app's meter factory scopes its own instruments.
            var factory = app.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == StorageMetrics.RequestsCounter && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                var all = tags.ToArray();
                string Tag(string name) => all.Single(t => t.Key == name).Value as string ?? "";
                _seen.Enqueue($"{Tag("store")} {Tag("operation")} {Tag("container")}");
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Seen => [.. _seen];

        public void Dispose() => _listener.Dispose();
    }
}
