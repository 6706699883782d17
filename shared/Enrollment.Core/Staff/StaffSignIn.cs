using Enrollment.Core.Audit;
using Enrollment.Core.Security;
using OtpNet;

namespace Enrollment.Core.Staff;

public abstract record StaffSignInOutcome
{
    private StaffSignInOutcome()
    {
    }

    public sealed record SignedIn(StaffAccount Account) : StaffSignInOutcome;

    /// <summary>Unknown name, wrong password or disabled account: one answer, so names cannot be probed.</summary>
    public sealed record Refused : StaffSignInOutcome;

    public sealed record LockedOut(DateTimeOffset Until) : StaffSignInOutcome;

    /// <summary>The password was right; this account also needs the code from its authenticator app.</summary>
    public sealed record SecondFactorRequired : StaffSignInOutcome;
}

/// <summary>
/// Password (and, for bureau officers, TOTP) sign-in for counties without Entra ID. Five wrong
/// attempts lock the account for 15 minutes; a TOTP code works once. Each sign-in is audited.
/// </summary>
public sealed class StaffSignIn(IStaffStore store, IPasswordHashing passwords, PersonalDataProtector protector, IAuditLog audit, TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    public async Task<StaffSignInOutcome> SignInAsync(string signInName, string password, string? code, CancellationToken cancellationToken)
    {
        var id = StaffAccount.NormalizeId(signInName);
        var now = time.GetUtcNow();
        var account = id.Length is 0 or > 200 ? null : await store.GetAsync(id, cancellationToken);
        if (account is null || account.Disabled || account.PasswordHash is null)
        {
            return new StaffSignInOutcome.Refused();
        }

        if (account.LockedUntil > now)
        {
            return new StaffSignInOutcome.LockedOut(account.LockedUntil.Value);
        }

        var check = passwords.Verify(account.PasswordHash, password);
        if (check == PasswordCheck.Failed)
        {
            var updated = await store.UpdateAsync(id, a => RecordFailure(a, now), cancellationToken);
            return updated?.LockedUntil > now ? new StaffSignInOutcome.LockedOut(updated.LockedUntil.Value) : new StaffSignInOutcome.Refused();
        }

        long step = 0;
        if (account.NeedsSecondFactor)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return new StaffSignInOutcome.SecondFactorRequired();
            }

            if (account.TotpSecretEncrypted is null || !VerifyCode(account, code.Trim(), now, out step))
            {
                var updated = await store.UpdateAsync(id, a => RecordFailure(a, now), cancellationToken);
                return updated?.LockedUntil > now ? new StaffSignInOutcome.LockedOut(updated.LockedUntil.Value) : new StaffSignInOutcome.Refused();
            }
        }

        // The step is recorded under the ETag, so two sign-ins racing with one code cannot both win.
        var replayed = false;
        var signedIn = await store.UpdateAsync(id, a =>
        {
            replayed = step != 0 && step <= a.LastTotpStep;
            return replayed ? null : a with
            {
                FailedSignIns = 0,
                LockedUntil = null,
                LastTotpStep = Math.Max(a.LastTotpStep, step),
                PasswordHash = check == PasswordCheck.SucceededRehashNeeded ? passwords.Hash(password) : a.PasswordHash,
            };
        }, cancellationToken);
        if (signedIn is null || replayed || signedIn.Disabled)
        {
            return new StaffSignInOutcome.Refused();
        }

        await audit.AppendAsync(AuditEntry.By(signedIn, signedIn.CountyId, now, AuditActions.StaffSignIn, "staff", signedIn.Id), cancellationToken);
        return new StaffSignInOutcome.SignedIn(signedIn);
    }

    /// <summary>Ends every session of the account (sign-out, or an account taken away): sessions carry the stamp.</summary>
    public Task<StaffAccount?> EndSessionsAsync(string staffId, CancellationToken cancellationToken) =>
        store.UpdateAsync(staffId, a => a with { SessionStamp = NewStamp() }, cancellationToken);

    /// <summary>A new account with a password; bureau officers also get a TOTP secret, returned once to put in an authenticator app.</summary>
    public StaffEnrollment NewAccount(string signInName, string displayName, StaffRole role, string countyId, IReadOnlyList<string> schoolIds, string password)
    {
        var secret = StaffAccount.NeedsSecondFactorFor(role) ? KeyGeneration.GenerateRandomKey(20) : null;
        var account = new StaffAccount(StaffAccount.NormalizeId(signInName), displayName, role, countyId, schoolIds, passwords.Hash(password),
            secret is null ? null : protector.Encrypt(Base32Encoding.ToString(secret)), LastTotpStep: 0, FailedSignIns: 0, LockedUntil: null,
            NewStamp(), Disabled: false, time.GetUtcNow());
        return new StaffEnrollment(account, secret is null ? null : Base32Encoding.ToString(secret));
    }

    /// <summary>The otpauth:// address an authenticator app scans.</summary>
    public static string AuthenticatorUri(string issuer, string accountId, string base32Secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(accountId)}?secret={base32Secret}&issuer={Uri.EscapeDataString(issuer)}";

    /// <summary>The current code for a secret: for the local demo and tests, which stand in for the authenticator app.</summary>
    public string CurrentCode(string base32Secret) => CodeAt(base32Secret, time.GetUtcNow());

    /// <summary>The authenticator code for a secret at a moment; needs no keys or stores (the <c>totp</c> command).</summary>
    public static string CodeAt(string base32Secret, DateTimeOffset now) => new Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(now.UtcDateTime);

    public string HashPassword(string password) => passwords.Hash(password);

    public static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private bool VerifyCode(StaffAccount account, string code, DateTimeOffset now, out long step)
    {
        var totp = new Totp(Base32Encoding.ToBytes(protector.Decrypt(account.TotpSecretEncrypted!)));
        return totp.VerifyTotp(now.UtcDateTime, code, out step, VerificationWindow.RfcSpecifiedNetworkDelay) && step > account.LastTotpStep;
    }

    private static StaffAccount RecordFailure(StaffAccount account, DateTimeOffset now)
    {
        var failures = account.FailedSignIns + 1;
        return failures >= MaxFailures
            ? account with { FailedSignIns = 0, LockedUntil = now.Add(Lockout) }
            : account with { FailedSignIns = failures };
    }
}

/// <summary>A new account and, for a bureau officer, the TOTP secret to show once.</summary>
public sealed record StaffEnrollment(StaffAccount Account, string? TotpSecret);

/// <summary>What the staff session cookie carries: who, which session generation, until when.</summary>
public sealed record StaffSession(string StaffId, string SessionStamp, DateTimeOffset ExpiresAt);

/// <summary>Staff sessions last a working day; the account is re-read on every request, so a sign-out or a removed role applies at once.</summary>
public sealed class StaffSessionTokens(byte[] signingKey, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(10);
    private readonly SignedTokens _tokens = new(signingKey, "staff-session");

    public string Issue(StaffAccount account) => _tokens.Sign(new StaffSession(account.Id, account.SessionStamp, time.GetUtcNow().Add(Lifetime)));

    public StaffSession? Read(string? token) =>
        _tokens.Read<StaffSession>(token) is { StaffId.Length: > 0 } session && session.ExpiresAt > time.GetUtcNow() ? session : null;
}
