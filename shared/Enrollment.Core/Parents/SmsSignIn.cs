using System.Security.Cryptography;
using System.Text;
using Enrollment.Core.Applications;
using Enrollment.Core.Outside;
using Enrollment.Core.Security;

namespace Enrollment.Core.Parents;

/// <summary>A sign-in code waiting to be typed in; only its keyed hash is stored.</summary>
public sealed record SignInCode(
    string Id,
    string CodeHash,
    DateTimeOffset ExpiresAt,
    int Attempts,
    DateTimeOffset SentAt,
    DateTimeOffset CountingSince,
    int SendsSinceCounting);

public interface ISignInCodeStore
{
    Task<Versioned<SignInCode>?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Writes the code if the stored one is still <paramref name="etag"/> (null: only if none exists); false otherwise.</summary>
    Task<bool> TrySaveAsync(SignInCode code, string? etag, CancellationToken cancellationToken);

    /// <summary>Removes the code if it is still <paramref name="etag"/>; false when someone else used or changed it first.</summary>
    Task<bool> TryDeleteAsync(string id, string etag, CancellationToken cancellationToken);
}

public abstract record SendCodeOutcome
{
    private SendCodeOutcome()
    {
    }

    public sealed record Sent(TimeSpan ValidFor) : SendCodeOutcome;

    public sealed record InvalidMobile : SendCodeOutcome;

    public sealed record TooSoon(TimeSpan RetryAfter) : SendCodeOutcome;

    public sealed record DailyLimitReached : SendCodeOutcome;

    public sealed record GatewayUnavailable : SendCodeOutcome;
}

public abstract record VerifyCodeOutcome
{
    private VerifyCodeOutcome()
    {
    }

    public sealed record SignedIn(ParentAccount Account) : VerifyCodeOutcome;

    /// <summary>No code waiting, expired, or already used: ask for a new one.</summary>
    public sealed record NoValidCode : VerifyCodeOutcome;

    public sealed record WrongCode(int AttemptsLeft) : VerifyCodeOutcome;
}

/// <summary>
/// Mobile number + SMS code, for guardians outside WeChat: 6 digits, valid 5 minutes, 5 tries,
/// one message a minute and 10 a day per number; a code works once.
/// </summary>
public sealed class SmsSignIn(ISignInCodeStore codes, ISmsGateway sms, ParentAccounts accounts, PersonalDataProtector protector, TimeProvider time)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(1);
    public const int MaxAttempts = 5;
    public const int MaxSendsPerDay = 10;

    public async Task<SendCodeOutcome> SendCodeAsync(string? mobile, CancellationToken cancellationToken)
    {
        mobile = mobile?.Trim();
        if (!ApplicationFormValidation.IsValidMobile(mobile))
        {
            return new SendCodeOutcome.InvalidMobile();
        }

        var now = time.GetUtcNow();
        var id = CodeId(mobile!);
        var existing = await codes.GetAsync(id, cancellationToken);
        if (existing is { Value: var previous } && now - previous.SentAt < ResendInterval)
        {
            return new SendCodeOutcome.TooSoon(ResendInterval - (now - previous.SentAt));
        }

        var countingSince = existing is not null && now - existing.Value.CountingSince < TimeSpan.FromDays(1) ? existing.Value.CountingSince : now;
        var sends = countingSince == now ? 0 : existing!.Value.SendsSinceCounting;
        if (sends >= MaxSendsPerDay)
        {
            return new SendCodeOutcome.DailyLimitReached();
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var stored = new SignInCode(id, CodeHash(mobile!, code), now + CodeLifetime, 0, now, countingSince, sends + 1);
        if (!await codes.TrySaveAsync(stored, existing?.ETag, cancellationToken))
        {
            // Another request for this number won the race and is sending its own code.
            return new SendCodeOutcome.TooSoon(ResendInterval);
        }

        // A message that failed to go out still counts toward the daily limit, so a broken gateway cannot be used to probe.
        var sent = await sms.SendAsync(mobile!, MessageTemplates.SignInCode, new Dictionary<string, string> { ["code"] = code }, cancellationToken);
        return sent is SendResult.Sent ? new SendCodeOutcome.Sent(CodeLifetime) : new SendCodeOutcome.GatewayUnavailable();
    }

    public async Task<VerifyCodeOutcome> VerifyAsync(string? mobile, string? code, CancellationToken cancellationToken)
    {
        mobile = mobile?.Trim();
        code = code?.Trim();
        if (!ApplicationFormValidation.IsValidMobile(mobile) || code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return new VerifyCodeOutcome.NoValidCode();
        }

        var now = time.GetUtcNow();
        var stored = await codes.GetAsync(CodeId(mobile!), cancellationToken);
        if (stored is null || stored.Value.ExpiresAt <= now || stored.Value.Attempts >= MaxAttempts)
        {
            return new VerifyCodeOutcome.NoValidCode();
        }

        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(stored.Value.CodeHash), Encoding.ASCII.GetBytes(CodeHash(mobile!, code)));
        if (!matches)
        {
            var attempts = stored.Value.Attempts + 1;
            await codes.TrySaveAsync(stored.Value with { Attempts = attempts }, stored.ETag, cancellationToken);
            return new VerifyCodeOutcome.WrongCode(Math.Max(0, MaxAttempts - attempts));
        }

        // Deleting under the ETag makes the code single-use even when two requests race with it.
        if (!await codes.TryDeleteAsync(stored.Value.Id, stored.ETag, cancellationToken))
        {
            return new VerifyCodeOutcome.NoValidCode();
        }

        return new VerifyCodeOutcome.SignedIn(await accounts.SignInAsync(SignInMethod.Sms, mobile!, mobile, cancellationToken));
    }

    private string CodeId(string mobile) => protector.KeyedHash($"sms-code|{mobile}");

    private string CodeHash(string mobile, string code) => protector.KeyedHash($"sms-code|{mobile}|{code}");
}
