using System.Security.Cryptography;
using Enrollment.Core.Applications;
using Enrollment.Core.Checks;
using Enrollment.Core.Counties;
using Enrollment.Core.Drafts;
using Enrollment.Core.Outside;
using Enrollment.Core.Uploads;
using Enrollment.Core.Parents;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Enrollment.Core.Tests;

public class ApplicationServiceTests
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 8, 6, 10, 0, 0, Cst));
    private readonly Mock<IApplicationStore> _store = new(MockBehavior.Strict);
    private readonly Mock<ICountyStore> _counties = new();
    private readonly Mock<IParentAccountStore> _accounts = new();
    private readonly Mock<IDataSharing> _sharing = new();
    private readonly Mock<IIdentityVerifier> _verifier = new();
    private readonly ParentAccount _parent = new("sms-parent", SignInMethod.Sms, "138****8000", new ConsentRecord(ConsentText.CurrentVersion, DateTimeOffset.UnixEpoch), [], DateTimeOffset.UnixEpoch);
    private readonly PersonalDataProtector _protector = new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    private readonly County _county;

    public ApplicationServiceTests()
    {
        _county = DemoCounty.Create(_time.GetUtcNow()) with
        {
            EnrollmentYear = 2024,
            Calendar = WindowCalendar.Of(new WindowSetting(WindowKind.Registration, Stage.Primary, SchoolId: null,
                new Window(new DateTimeOffset(2024, 8, 5, 8, 0, 0, Cst), new DateTimeOffset(2024, 8, 9, 18, 0, 0, Cst)))),
        };
        _counties.Setup(c => c.GetAsync(_county.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_county);
        _accounts.Setup(a => a.GetAsync(_parent.Id, It.IsAny<CancellationToken>())).ReturnsAsync(_parent);
        _sharing.Setup(s => s.CheckAsync(It.IsAny<FactClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(new FactCheck.Matched("ref"));
        _verifier.Setup(v => v.VerifyAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(new IdentityCheck.Verified());
    }

    private ApplicationService Service
    {
        get
        {
            var checks = new DataSharingChecks(_sharing.Object, _protector, _time);
            var records = new ApplicationRecords(_protector);
            var drafts = new DraftService(Mock.Of<IDraftStore>(), _counties.Object, checks, new UploadService(Mock.Of<IUploadStore>(), new UploadOptions(), _time), records, _time);
            return new ApplicationService(_store.Object, _counties.Object, _accounts.Object, checks, new RealNameChecks(_verifier.Object, _time), drafts, records, _protector, _time);
        }
    }

    private void NoClaimYet() => _store.Setup(s => s.GetClaimAsync(ClaimId(), It.IsAny<CancellationToken>())).ReturnsAsync((Versioned<ChildClaim>?)null);

    // Born 2017-09-01: six on 31 August 2024.
    private ApplicationForm Request(string idNumber = "110105201709010024") =>
        TestForms.Valid(_county.Id, _county.Schools[0].Id, idNumber, "13800138000");

    [Fact]
    public async Task StoresAClaimThenTheApplicationWithTheIdentityNumberOnlyMaskedAndEncrypted()
    {
        NoClaimYet();
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _store.Setup(s => s.CreateOrGetApplicationAsync(It.IsAny<Application>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Application a, CancellationToken _) => a);

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), "key-00000001", null, CancellationToken.None);

        var accepted = Assert.IsType<SubmitOutcome.Accepted>(outcome);
        Assert.False(accepted.Replayed);
        var application = accepted.Application;
        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.Equal(new DateOnly(2017, 9, 1), application.Child.BirthDate);
        Assert.Equal("1101**********0024", application.Child.DocumentNumberMasked);
        Assert.DoesNotContain("110105201709010024", application.Child.DocumentNumberEncrypted);
        Assert.Equal("110105201709010024", _protector.Decrypt(application.Child.DocumentNumberEncrypted!));
        Assert.Equal("138****8000", Assert.Single(application.Family).MobileMasked);
        Assert.Equal("13800138000", _protector.Decrypt(application.Family[0].MobileEncrypted));
        Assert.Equal(ClaimId(), application.ClaimId);
        Assert.Equal(_parent.Id, application.ParentId);
        Assert.Equal([FactStatus.Matched], application.Facts.Select(f => f.Status));
        Assert.Equal([RealNameStatus.Verified, RealNameStatus.Verified], application.RealNames.Select(r => r.Status));
        _accounts.Verify(a => a.AddApplicationAsync(_parent.Id, new ApplicationReference(application.Id, application.SchoolId), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task AFactTheDepartmentCannotConfirmAsksForADocumentAndStoresNothing()
    {
        NoClaimYet();
        _sharing.Setup(s => s.CheckAsync(It.Is<FactClaim>(c => c.Kind == FactKind.SocialInsurance), It.IsAny<CancellationToken>())).ReturnsAsync(new FactCheck.NotMatched());
        var form = Request() with { Residence = new ResidenceForm(EligibilityBasis.ResidencePermit, "临县城关镇人民路12号3单元") };

        var outcome = await Service.SubmitAsync(_parent.Id, form, null, null, CancellationToken.None);

        var needed = Assert.IsType<SubmitOutcome.DocumentsNeeded>(outcome);
        Assert.Equal(["social-insurance"], needed.Facts.Where(f => f.NeedsDocument).Select(f => f.DocumentKind));
        Assert.Equal(3, needed.Facts.Count);
        _store.Verify(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ADepartmentThatDoesNotAnswerNeverBlocksTheParent()
    {
        NoClaimYet();
        _sharing.Setup(s => s.CheckAsync(It.IsAny<FactClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(new FactCheck.Unavailable(Unavailability.TimedOut));
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _store.Setup(s => s.CreateOrGetApplicationAsync(It.IsAny<Application>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Application a, CancellationToken _) => a);

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), null, null, CancellationToken.None);

        var application = Assert.IsType<SubmitOutcome.Accepted>(outcome).Application;
        Assert.Equal(ApplicationStatus.Checking, application.Status);
        Assert.Equal([FactStatus.Pending], application.Facts.Select(f => f.Status));
    }

    [Fact]
    public async Task ANameThatDoesNotGoWithTheIdNumberIsShownAtTheFieldAndNothingIsStored()
    {
        NoClaimYet();
        _verifier.Setup(v => v.VerifyAsync("王小雨", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(new IdentityCheck.Mismatch());

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), null, null, CancellationToken.None);

        Assert.Equal(["child.documentNumber"], Assert.IsType<SubmitOutcome.Invalid>(outcome).Errors.Keys);
        _store.Verify(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ADepartmentTheCountyHasNotConnectedAsksForTheDocumentAtOnce()
    {
        NoClaimYet();
        _sharing.Setup(s => s.CheckAsync(It.IsAny<FactClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(new FactCheck.Unavailable(Unavailability.NotConfigured));

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), null, null, CancellationToken.None);

        Assert.Equal(["household-register"], Assert.IsType<SubmitOutcome.DocumentsNeeded>(outcome).Facts.Where(f => f.NeedsDocument).Select(f => f.DocumentKind));
    }

    [Fact]
    public async Task WithoutConsentToTheCurrentTextNothingIsStored()
    {
        _accounts.Setup(a => a.GetAsync(_parent.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(_parent with { Consent = new ConsentRecord("2020-01-v0", DateTimeOffset.UnixEpoch) });

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), null, null, CancellationToken.None);

        Assert.IsType<SubmitOutcome.ConsentRequired>(outcome);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task TheSameKeyFromAnotherParentDoesNotReturnTheFirstParentsApplication()
    {
        var claimId = ClaimId();
        var first = new ChildClaim(claimId, "APP", _county.Schools[0].Id, "same-key-1", _time.GetUtcNow());
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _store.Setup(s => s.GetClaimAsync(claimId, It.IsAny<CancellationToken>())).ReturnsAsync(new Versioned<ChildClaim>(first, "etag"));
        _store.Setup(s => s.GetApplicationAsync("APP", first.SchoolId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(StoredApplication("APP", claimId) with { ParentId = "someone-else" });

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), "same-key-1", null, CancellationToken.None);

        Assert.IsType<SubmitOutcome.AlreadyApplied>(outcome);
    }

    [Fact]
    public async Task ASecondSubmissionForTheSameChildIsRefused()
    {
        var claimId = ClaimId();
        var first = new ChildClaim(claimId, "APP", _county.Schools[0].Id, "first-key-1", _time.GetUtcNow());
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _store.Setup(s => s.GetClaimAsync(claimId, It.IsAny<CancellationToken>())).ReturnsAsync(new Versioned<ChildClaim>(first, "etag"));
        _store.Setup(s => s.GetApplicationAsync("APP", first.SchoolId, It.IsAny<CancellationToken>())).ReturnsAsync(StoredApplication("APP", claimId));

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), "other-key-2", null, CancellationToken.None);

        Assert.IsType<SubmitOutcome.AlreadyApplied>(outcome);
    }

    [Fact]
    public async Task ARetryWithTheSameKeyReturnsTheFirstApplication()
    {
        var claimId = ClaimId();
        var first = new ChildClaim(claimId, "APP", _county.Schools[0].Id, "same-key-1", _time.GetUtcNow());
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _store.Setup(s => s.GetClaimAsync(claimId, It.IsAny<CancellationToken>())).ReturnsAsync(new Versioned<ChildClaim>(first, "etag"));
        _store.Setup(s => s.GetApplicationAsync("APP", first.SchoolId, It.IsAny<CancellationToken>())).ReturnsAsync(StoredApplication("APP", claimId));

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), "same-key-1", null, CancellationToken.None);

        var accepted = Assert.IsType<SubmitOutcome.Accepted>(outcome);
        Assert.True(accepted.Replayed);
        Assert.Equal("APP", accepted.Application.Id);
    }

    [Fact]
    public async Task ARetryAfterAnInterruptedSubmitFinishesTheSameApplication()
    {
        var claimId = ClaimId();
        var first = new ChildClaim(claimId, "APP", _county.Schools[0].Id, "same-key-1", _time.GetUtcNow());
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _store.Setup(s => s.GetClaimAsync(claimId, It.IsAny<CancellationToken>())).ReturnsAsync(new Versioned<ChildClaim>(first, "etag"));
        _store.Setup(s => s.GetApplicationAsync("APP", first.SchoolId, It.IsAny<CancellationToken>())).ReturnsAsync((Application?)null);
        _store.Setup(s => s.CreateOrGetApplicationAsync(It.Is<Application>(a => a.Id == "APP"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Application a, CancellationToken _) => a);

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), "same-key-1", null, CancellationToken.None);

        Assert.Equal("APP", Assert.IsType<SubmitOutcome.Accepted>(outcome).Application.Id);
    }

    [Fact]
    public async Task AnUnacknowledgedClaimIsTakenOverOnlyUnderItsETag()
    {
        var claimId = ClaimId();
        var orphan = new ChildClaim(claimId, "LOST", _county.Schools[0].Id, "old-key-1", _time.GetUtcNow() - ApplicationService.ClaimAbandonedAfter);
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _store.Setup(s => s.GetClaimAsync(claimId, It.IsAny<CancellationToken>())).ReturnsAsync(new Versioned<ChildClaim>(orphan, "etag-1"));
        _store.Setup(s => s.GetApplicationAsync("LOST", orphan.SchoolId, It.IsAny<CancellationToken>())).ReturnsAsync((Application?)null);
        _store.Setup(s => s.TryReplaceClaimAsync(It.IsAny<ChildClaim>(), "etag-1", It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), "new-key-22", null, CancellationToken.None);

        Assert.IsType<SubmitOutcome.AlreadyApplied>(outcome);
        _store.Verify(s => s.CreateOrGetApplicationAsync(It.IsAny<Application>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task AClaimMomentsOldIsNotTakenOverWhileItsSubmissionMayStillBeStoringTheApplication()
    {
        // The other guardian's phone claimed the child a second ago and is writing the application now.
        var claimId = ClaimId();
        var inFlight = new ChildClaim(claimId, "IN-FLIGHT", _county.Schools[0].Id, "other-phone-1", _time.GetUtcNow().AddSeconds(-1));
        _store.Setup(s => s.TryCreateClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _store.Setup(s => s.GetClaimAsync(claimId, It.IsAny<CancellationToken>())).ReturnsAsync(new Versioned<ChildClaim>(inFlight, "etag-1"));
        _store.Setup(s => s.GetApplicationAsync("IN-FLIGHT", inFlight.SchoolId, It.IsAny<CancellationToken>())).ReturnsAsync((Application?)null);

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), "this-phone-1", null, CancellationToken.None);

        Assert.IsType<SubmitOutcome.AlreadyApplied>(outcome);
        _store.Verify(s => s.TryReplaceClaimAsync(It.IsAny<ChildClaim>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _store.Verify(s => s.CreateOrGetApplicationAsync(It.IsAny<Application>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task OutsideTheWindowNothingIsStored()
    {
        _time.SetUtcNow(new DateTimeOffset(2024, 8, 9, 18, 0, 0, Cst));

        var outcome = await Service.SubmitAsync(_parent.Id, Request(), null, null, CancellationToken.None);

        var closed = Assert.IsType<SubmitOutcome.WindowNotOpen>(outcome);
        Assert.Equal(WindowState.Closed, closed.Window.State);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task AChildBornAfterTheCutoffIsRefused()
    {
        // Born 2018-09-01: five on 31 August 2024.
        var outcome = await Service.SubmitAsync(_parent.Id, Request("110105201809010021"), null, null, CancellationToken.None);

        Assert.Equal(new DateOnly(2018, 8, 31), Assert.IsType<SubmitOutcome.TooYoung>(outcome).LatestBirthDate);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task EveryBadFieldIsNamedAtOnce()
    {
        var form = Request("340524198001010013").WithChild(c => c with { Name = "<script>" }) with { SchoolIds = [] };

        var outcome = await Service.SubmitAsync(_parent.Id, form, null, null, CancellationToken.None);

        var invalid = Assert.IsType<SubmitOutcome.Invalid>(outcome);
        Assert.Equal(["child.documentNumber", "child.name", "schoolIds"], invalid.Errors.Keys.Order());
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ASchoolOutsideTheCountyIsRefused()
    {
        var outcome = await Service.SubmitAsync(_parent.Id, Request() with { SchoolIds = ["elsewhere-1"] }, null, null, CancellationToken.None);

        Assert.Contains("schoolIds", Assert.IsType<SubmitOutcome.Invalid>(outcome).Errors.Keys);
    }

    private string ClaimId() => _protector.ChildClaimId("1:110105201709010024", 2024);

    private Application StoredApplication(string id, string claimId)
    {
        var form = Request();
        return new Application(
            id, _parent.Id, _county.Schools[0].Id, _county.Schools[0].Name, [_county.Schools[0].Id], _county.Id, 2024, ApplicationStatus.Submitted, [],
            new ChildRecord("王小雨", null, null, IdentityDocumentType.ResidentId, "1101**********0024", "x", null, new DateOnly(2017, 9, 1), Identity.Sex.Female,
                "141124000000", "山西临县", "01", "CHN", OverseasStatus.None, HealthStatus.Good, "临县", HouseholdType.NonAgricultural,
                "临县城关镇人民路12号", "临县城关镇人民路12号", "临县城关镇人民路12号", "138****8000", "x", "033200"),
            [], form.Residence!, form.Circumstances!, [], [], [], "", null, claimId, _time.GetUtcNow());
    }
}
