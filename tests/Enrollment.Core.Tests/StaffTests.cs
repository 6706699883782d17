using System.Security.Cryptography;
using Enrollment.Core.Audit;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Enrollment.Core.Tests;

public class StaffTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 6, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly Mock<IStaffStore> _store = new(MockBehavior.Strict);
    private readonly Mock<IPasswordHashing> _passwords = new();
    private readonly Mock<IAuditLog> _audit = new();
    private readonly PersonalDataProtector _protector = new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    private StaffAccount? _stored;

    public StaffTests()
    {
        _passwords.Setup(p => p.Hash(It.IsAny<string>())).Returns((string password) => "hash:" + password);
        _passwords.Setup(p => p.Verify(It.IsAny<string>(), It.IsAny<string>())).Returns((string hash, string password) => hash == "hash:" + password ? PasswordCheck.Succeeded : PasswordCheck.Failed);
        _store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string id, CancellationToken _) => _stored?.Id == id ? _stored : null);
        _store.Setup(s => s.UpdateAsync(It.IsAny<string>(), It.IsAny<Func<StaffAccount, StaffAccount?>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, Func<StaffAccount, StaffAccount?> change, CancellationToken _) =>
            {
                if (_stored?.Id != id)
                {
                    return null;
                }

                _stored = change(_stored) ?? _stored;
                return _stored;
            });
    }

    private StaffSignIn SignIn => new(_store.Object, _passwords.Object, _protector, _audit.Object, _time);

    private static StaffAccount Account(StaffRole role, params string[] schools) =>
        new("a@c1", "A", role, "c1", schools, null, null, 0, 0, null, "s", Disabled: false, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(StaffRole.SchoolReviewer, "c1", "s1", true, true, false, false)]
    [InlineData(StaffRole.SchoolReviewer, "c1", "s2", false, false, false, false)]
    [InlineData(StaffRole.SchoolHead, "c1", "s1", true, true, false, false)]
    [InlineData(StaffRole.BureauOfficer, "c1", "s2", true, true, true, true)]
    [InlineData(StaffRole.BureauOfficer, "c2", "s1", false, false, false, false)]
    [InlineData(StaffRole.Auditor, "c1", "s2", true, false, false, true)]
    [InlineData(StaffRole.Auditor, "c2", "s1", false, false, false, false)]
    public void RolesAndScopesDecideWhatStaffMayDo(StaffRole role, string county, string school, bool read, bool review, bool configure, bool audit)
    {
        var account = Account(role, "s1");

        Assert.Equal((read, review, configure, audit), (account.CanRead(county, school), account.CanReview(county, school), account.CanConfigure(county), account.CanAudit(county)));
        Assert.False((account with { Disabled = true }).CanRead("c1", "s1"));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountAndASuccessResetsTheCount()
    {
        _stored = SignIn.NewAccount("Clerk@C1 ", "Clerk", StaffRole.SchoolReviewer, "c1", ["s1"], "right").Account;
        Assert.Equal("clerk@c1", _stored.Id);

        for (var i = 0; i < StaffSignIn.MaxFailures - 2; i++)
        {
            Assert.IsType<StaffSignInOutcome.Refused>(await SignIn.SignInAsync("clerk@c1", "wrong", null, default));
        }

        Assert.IsType<StaffSignInOutcome.SignedIn>(await SignIn.SignInAsync("clerk@c1", "right", null, default));
        Assert.Equal(0, _stored.FailedSignIns);

        for (var i = 0; i < StaffSignIn.MaxFailures - 1; i++)
        {
            Assert.IsType<StaffSignInOutcome.Refused>(await SignIn.SignInAsync("clerk@c1", "wrong", null, default));
        }

        var locked = Assert.IsType<StaffSignInOutcome.LockedOut>(await SignIn.SignInAsync("clerk@c1", "wrong", null, default));
        Assert.Equal(_time.GetUtcNow() + StaffSignIn.Lockout, locked.Until);
        Assert.IsType<StaffSignInOutcome.LockedOut>(await SignIn.SignInAsync("clerk@c1", "right", null, default));
    }

    [Fact]
    public async Task AnOfficersSecretIsStoredEncryptedAndItsCodesAreSingleUse()
    {
        var enrollment = SignIn.NewAccount("officer@c1", "Officer", StaffRole.BureauOfficer, "c1", [], "right");
        _stored = enrollment.Account;
        Assert.NotNull(enrollment.TotpSecret);
        Assert.DoesNotContain(enrollment.TotpSecret!, _stored.TotpSecretEncrypted!);

        Assert.IsType<StaffSignInOutcome.SecondFactorRequired>(await SignIn.SignInAsync("officer@c1", "right", null, default));
        var code = SignIn.CurrentCode(enrollment.TotpSecret!);
        Assert.IsType<StaffSignInOutcome.SignedIn>(await SignIn.SignInAsync("officer@c1", "right", code, default));
        Assert.IsType<StaffSignInOutcome.Refused>(await SignIn.SignInAsync("officer@c1", "right", code, default));

        // Only the sign-in that succeeded is in the log, as the officer's own action.
        _audit.Verify(a => a.AppendAsync(It.Is<AuditEntry>(e => e.Action == AuditActions.StaffSignIn && e.ActorId == "officer@c1" && e.ActorRole == "BureauOfficer" && e.CountyId == "c1"),
            It.IsAny<CancellationToken>()), Times.Once);
        _audit.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task EndingSessionsChangesTheStampSoOldTokensNoLongerMatch()
    {
        _stored = SignIn.NewAccount("clerk@c1", "Clerk", StaffRole.SchoolReviewer, "c1", ["s1"], "right").Account;
        var tokens = new StaffSessionTokens(RandomNumberGenerator.GetBytes(32), _time);
        var session = tokens.Read(tokens.Issue(_stored))!;

        await SignIn.EndSessionsAsync(_stored.Id, default);

        Assert.NotEqual(_stored.SessionStamp, session.SessionStamp);
    }

    [Fact]
    public void AParentTokenIsNotAStaffTokenEvenWithTheSameKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var parentToken = new ParentSessionTokens(key, _time).Issue("a@c1", []);

        Assert.Null(new StaffSessionTokens(key, _time).Read(parentToken));
    }
}
