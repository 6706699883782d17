using System.Security.Cryptography;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Outside;
using Enrollment.Core.Provincial;
using Enrollment.Core.Security;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Enrollment.Core.Tests;

public sealed class ProvincialSyncTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 20, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly PersonalDataProtector _protector = new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    private readonly County _county;
    private readonly List<Application> _applications = [];
    private readonly Mock<IProvincialPlatform> _platform = new(MockBehavior.Strict);
    private readonly InMemorySyncStore _store = new();

    /// <summary>Every batch the platform was sent, in order, and whether it acknowledged it.</summary>
    private readonly List<(ProvincialBatch Batch, bool Acknowledged)> _sent = [];

    /// <summary>What the platform does with the next push of an application batch; acknowledges when empty.</summary>
    private readonly Queue<ProvincialPush> _answers = new();

    public ProvincialSyncTests()
    {
        _county = DemoCounty.Create(_time.GetUtcNow());
        _platform.Setup(p => p.PushAsync(It.IsAny<ProvincialBatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ProvincialBatch batch, CancellationToken _) =>
            {
                var answer = batch.Kind == ProvincialRecordKind.Application && _answers.TryDequeue(out var next) ? next : new ProvincialPush.Acknowledged();
                _sent.Add((batch, answer is ProvincialPush.Acknowledged));
                return answer;
            });
        _platform.Setup(p => p.ListAsync(_county.Id, It.IsAny<string>(), It.IsAny<ProvincialRecordKind>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string school, ProvincialRecordKind kind, CancellationToken _) => new ProvincialHoldings.Held(
                _sent.Where(s => s.Acknowledged && s.Batch.SchoolId == school && s.Batch.Kind == kind).SelectMany(s => s.Batch.Records).Select(r => r.ApplicationId).Distinct().ToList()));
    }

    private School School => _county.Schools[0];

    private ProvincialSync Sync(int batchSize = 2)
    {
        var store = new Mock<IApplicationStore>(MockBehavior.Strict);
        store.Setup(s => s.ListAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string school, int year, CancellationToken _) => _applications.Where(a => a.SchoolId == school && a.EnrollmentYear == year).ToAsyncEnumerable());
        var counties = new Mock<ICountyStore>(MockBehavior.Strict);
        counties.Setup(c => c.ListAsync(It.IsAny<CancellationToken>())).Returns(new[] { _county }.ToAsyncEnumerable());
        return new ProvincialSync(counties.Object, store.Object, _store, _platform.Object, new StudentRecordForm(_protector), new ProvincialSyncSettings(batchSize), _time);
    }

    private IEnumerable<ProvincialBatch> Acknowledged(ProvincialRecordKind kind) => _sent.Where(s => s.Acknowledged && s.Batch.Kind == kind).Select(s => s.Batch);

    [Fact]
    public async Task PushesEachSchoolsApplicationsInBatchesOfTheConfiguredSizeOldestChangeFirst()
    {
        Apply(5);
        _time.Advance(TimeSpan.FromMinutes(5));

        var run = await Sync(batchSize: 2).RunAsync(CancellationToken.None);

        var batches = Acknowledged(ProvincialRecordKind.Application).ToList();
        Assert.Equal([2, 2, 1], batches.Select(b => b.Records.Count));
        Assert.Equal(_applications.Select(a => a.Id), batches.SelectMany(b => b.Records).Select(r => r.ApplicationId));
        Assert.Equal(3, batches.Select(b => b.BatchId).Distinct().Count());
        Assert.All(batches, b => Assert.Equal((_county.Id, School.Id), (b.CountyId, b.SchoolId)));
        Assert.Equal(new ProvincialSyncRun(3, 5), run);

        // An application carries who the child is, with the number decrypted for the province, and nothing more.
        var record = batches[0].Records[0];
        Assert.Equal(StudentRecordForm.IdentityKeys.Order(), record.Fields.Keys.Order());
        Assert.Equal("110105201709010024", record.Fields["documentNumber"]);
        Assert.Equal("Submitted", record.Status);
        Assert.DoesNotContain("110105201709010024", record.ToString());
    }

    [Fact]
    public async Task AFailureMidWayResumesAtTheFirstUnacknowledgedBatchWithNoGapAndNoDuplicate()
    {
        Apply(7);
        _time.Advance(TimeSpan.FromMinutes(5));
        _answers.Enqueue(new ProvincialPush.Acknowledged());
        _answers.Enqueue(new ProvincialPush.Unavailable(Unavailability.ServerError));

        var first = await Sync(batchSize: 3).RunAsync(CancellationToken.None);
        var failed = _sent.Single(s => !s.Acknowledged).Batch;
        Assert.Equal(new ProvincialSyncRun(1, 3), first);
        var report = await _store.GetReportAsync(_county.Id, CancellationToken.None);
        var row = report!.Schools.Single(s => s.SchoolId == School.Id && s.Kind == ProvincialRecordKind.Application);
        Assert.Equal((7, 3, 4), (row.Held, row.AtProvince, row.MissingAtProvince.Count));
        Assert.Contains("ServerError", row.Problem);

        await Sync(batchSize: 3).RunAsync(CancellationToken.None);

        var pushed = Acknowledged(ProvincialRecordKind.Application).SelectMany(b => b.Records).Select(r => r.ApplicationId).ToList();
        Assert.Equal(_applications.Select(a => a.Id), pushed);
        // The batch that failed went again exactly as it was, under the same id, so the province stores it once.
        Assert.Equal(failed, Acknowledged(ProvincialRecordKind.Application).ElementAt(1), BatchComparer.Instance);
        row = (await _store.GetReportAsync(_county.Id, CancellationToken.None))!.Schools.Single(s => s.SchoolId == School.Id && s.Kind == ProvincialRecordKind.Application);
        Assert.Equal((7, 7, 0, 0), (row.Held, row.AtProvince, row.MissingAtProvince.Count, row.UnknownToUs.Count));
        Assert.Null(row.Problem);
    }

    [Fact]
    public async Task ASecondRunSendsNothingAndALaterChangeIsSentAgain()
    {
        Apply(3);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Sync().RunAsync(CancellationToken.None);
        var sentBefore = _sent.Count;

        Assert.Equal(new ProvincialSyncRun(0, 0), await Sync().RunAsync(CancellationToken.None));
        Assert.Equal(sentBefore, _sent.Count);

        // The school admits the second child: the province learns the new status, and gets the admission.
        _applications[1] = _applications[1].MoveTo(ApplicationStatus.Admitted, _time.GetUtcNow(), Actor.School, null);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Sync().RunAsync(CancellationToken.None);

        var again = _sent.Skip(sentBefore).Select(s => s.Batch).ToList();
        Assert.Equal(["Admitted"], again.Where(b => b.Kind == ProvincialRecordKind.Application).SelectMany(b => b.Records).Select(r => r.Status));
        var admission = Assert.Single(again.Where(b => b.Kind == ProvincialRecordKind.Admission).SelectMany(b => b.Records));
        Assert.Equal(_applications[1].Id, admission.ApplicationId);
        Assert.Equal(StudentRecordForm.Fields.Select(f => f.Key), admission.Fields.Keys);
    }

    [Fact]
    public async Task AChangeYoungerThanTheSettleTimeWaitsForTheNextRun()
    {
        Apply(1);

        await Sync().RunAsync(CancellationToken.None);
        Assert.Empty(Acknowledged(ProvincialRecordKind.Application));

        _time.Advance(ProvincialSync.SettleTime);
        await Sync().RunAsync(CancellationToken.None);
        Assert.Single(Acknowledged(ProvincialRecordKind.Application));
    }

    [Fact]
    public async Task ARejectedBatchStopsThatSchoolWithTheProvincesReasonAndIsNotSkipped()
    {
        Apply(4);
        _time.Advance(TimeSpan.FromMinutes(5));
        _answers.Enqueue(new ProvincialPush.Rejected("E1023 民族代码无效"));

        await Sync().RunAsync(CancellationToken.None);
        await Sync().RunAsync(CancellationToken.None);

        // The first batch was refused and nothing after it went ahead of it; the next run sent it again.
        var applicationBatches = _sent.Where(s => s.Batch.Kind == ProvincialRecordKind.Application).ToList();
        Assert.False(applicationBatches[0].Acknowledged);
        Assert.Equal(applicationBatches[0].Batch.BatchId, applicationBatches[1].Batch.BatchId);
        Assert.Equal(_applications.Select(a => a.Id), Acknowledged(ProvincialRecordKind.Application).SelectMany(b => b.Records).Select(r => r.ApplicationId));
    }

    [Fact]
    public async Task TheReportNamesIdsMissingOnEitherSide()
    {
        Apply(2);
        _time.Advance(TimeSpan.FromMinutes(5));
        _platform.Setup(p => p.ListAsync(_county.Id, School.Id, ProvincialRecordKind.Application, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ProvincialHoldings.Held([_applications[0].Id, "somewhere-else-1"]));

        await Sync().RunAsync(CancellationToken.None);

        var row = (await _store.GetReportAsync(_county.Id, CancellationToken.None))!.Schools.Single(s => s.SchoolId == School.Id && s.Kind == ProvincialRecordKind.Application);
        Assert.Equal((2, 2), (row.Held, row.AtProvince));
        Assert.Equal([_applications[1].Id], row.MissingAtProvince);
        Assert.Equal(["somewhere-else-1"], row.UnknownToUs);
    }

    [Fact]
    public async Task OnlyAdmissionsAPersonDecidedArePushedAsAdmissionsAndPlacementsCarryThePlacement()
    {
        Apply(3);
        _applications[0] = _applications[0].MoveTo(ApplicationStatus.Admitted, _time.GetUtcNow(), Actor.Bureau, null);
        _applications[1] = _applications[1].MoveTo(ApplicationStatus.Admitted, _time.GetUtcNow(), Actor.System, null);
        _applications[2] = _applications[2] with { Circumstances = _applications[2].Circumstances with { Disability = DisabilityType.Hearing, DisabilityPlacement = DisabilityPlacement.HomeTeaching } };
        _time.Advance(TimeSpan.FromMinutes(5));

        await Sync().RunAsync(CancellationToken.None);

        Assert.Equal([_applications[0].Id], Acknowledged(ProvincialRecordKind.Admission).SelectMany(b => b.Records).Select(r => r.ApplicationId));
        var placement = Assert.Single(Acknowledged(ProvincialRecordKind.Placement).SelectMany(b => b.Records));
        Assert.Equal((_applications[2].Id, "3", "2"), (placement.ApplicationId, placement.Fields["placement"], placement.Fields["disabilityType"]));
    }

    [Fact]
    public async Task ARunThatFindsTheCheckpointMovedByAnotherStopsWithoutOverwritingIt()
    {
        Apply(4);
        _time.Advance(TimeSpan.FromMinutes(5));
        _store.BeforeSave = checkpoint =>
        {
            // Another run saves first, after this one read the checkpoint.
            _store.BeforeSave = null;
            _store.Force(checkpoint with { Schools = new Dictionary<string, SyncCursor> { [School.Id] = new(DateTimeOffset.MaxValue, "other") } });
        };

        await Sync().RunAsync(CancellationToken.None);

        var stored = await _store.GetCheckpointAsync(_county.Id, ProvincialRecordKind.Application, CancellationToken.None);
        Assert.Equal("other", stored!.Value.Schools[School.Id].ApplicationId);
        Assert.Single(_sent, s => s.Batch.Kind == ProvincialRecordKind.Application);
    }

    /// <summary>Submits applications one minute apart to the first school.</summary>
    private void Apply(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            _applications.Add(new Application(
                $"A{i:D3}", "parent", School.Id, School.Name, [School.Id], _county.Id, _county.EnrollmentYear, ApplicationStatus.Submitted, [],
                new ChildRecord("王小雨", "Wang Xiaoyu", null, IdentityDocumentType.ResidentId, "1101**********0024", _protector.Encrypt("110105201709010024"), null,
                    new DateOnly(2019, 8, 1), Sex.Female, "141124000000", "山西临县", "01", "CHN", OverseasStatus.None, HealthStatus.Good, "临县", HouseholdType.NonAgricultural,
                    "临县城关镇人民路12号", "临县城关镇人民路12号", "临县城关镇人民路12号", "139****5678", _protector.Encrypt("13912345678"), "033200"),
                [], new ResidenceForm(EligibilityBasis.HouseholdRegistration, "临县城关镇人民路12号"),
                new CircumstancesForm(true, true, LeftBehindStatus.No, false, false, false, false, null, null, false, false, 1.2m, WayToSchool.Walk, false, Boarding.Day),
                [], [], [], "", null, $"claim-{i}", _time.GetUtcNow()));
        }
    }

    private sealed class BatchComparer : IEqualityComparer<ProvincialBatch>
    {
        public static readonly BatchComparer Instance = new();

        public bool Equals(ProvincialBatch? x, ProvincialBatch? y) =>
            x!.BatchId == y!.BatchId && x.Records.Select(r => (r.ApplicationId, r.ChangedAt)).SequenceEqual(y.Records.Select(r => (r.ApplicationId, r.ChangedAt)));

        public int GetHashCode(ProvincialBatch obj) => obj.BatchId.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>Checkpoints with ETag semantics, as Cosmos keeps them.</summary>
    private sealed class InMemorySyncStore : IProvincialSyncStore
    {
        private readonly Dictionary<string, Versioned<ProvincialCheckpoint>> _checkpoints = [];
        private readonly Dictionary<string, ReconciliationReport> _reports = [];

        public Action<ProvincialCheckpoint>? BeforeSave { get; set; }

        public Task<Versioned<ProvincialCheckpoint>?> GetCheckpointAsync(string countyId, ProvincialRecordKind kind, CancellationToken cancellationToken) =>
            Task.FromResult(_checkpoints.GetValueOrDefault(ProvincialCheckpoint.IdFor(countyId, kind)));

        public Task<string?> TrySaveCheckpointAsync(ProvincialCheckpoint checkpoint, string? etag, CancellationToken cancellationToken)
        {
            BeforeSave?.Invoke(checkpoint);
            if (_checkpoints.GetValueOrDefault(checkpoint.Id)?.ETag != etag)
            {
                return Task.FromResult<string?>(null);
            }

            return Task.FromResult<string?>(Force(checkpoint));
        }

        public string Force(ProvincialCheckpoint checkpoint)
        {
            var etag = Guid.NewGuid().ToString("N");
            _checkpoints[checkpoint.Id] = new Versioned<ProvincialCheckpoint>(checkpoint, etag);
            return etag;
        }

        public Task SaveReportAsync(ReconciliationReport report, CancellationToken cancellationToken)
        {
            _reports[report.CountyId] = report;
            return Task.CompletedTask;
        }

        public Task<ReconciliationReport?> GetReportAsync(string countyId, CancellationToken cancellationToken) => Task.FromResult(_reports.GetValueOrDefault(countyId));
    }
}
