using System.Collections.Concurrent;
using Enrollment.Core.Lottery;
using Enrollment.Core.Outside;
using Enrollment.Core.Parents;
using Enrollment.Core.Security;

namespace Enrollment.Core.Rehearsals;

/// <summary>
/// The departments as a rehearsal meets them: every real-name check verifies, and the data-sharing sources confirm
/// every fact except about one in eight, for which the family then attaches a document. Nothing leaves the app.
/// </summary>
public sealed class RehearsalDepartments : IDataSharing, IIdentityVerifier
{
    public Task<FactCheck> CheckAsync(FactClaim claim, CancellationToken cancellationToken) =>
        Task.FromResult<FactCheck>(string.GetHashCode(claim.IdNumber + claim.Kind, StringComparison.Ordinal) % 8 == 0
            ? new FactCheck.NotMatched()
            : new FactCheck.Matched($"演练-{claim.Kind}"));

    public Task<IdentityCheck> VerifyAsync(string name, string residentIdNumber, CancellationToken cancellationToken) =>
        Task.FromResult<IdentityCheck>(new IdentityCheck.Verified());
}

/// <summary>
/// The synthetic families' accounts, held in memory for the run: never stored, never with a mobile or an openid,
/// so no message to them can be sent anywhere.
/// </summary>
public sealed class RehearsalParents(TimeProvider time) : IParentAccountStore
{
    private readonly ConcurrentDictionary<string, ParentAccount> _accounts = new();

    public Task<ParentAccount?> GetAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.GetOrAdd(accountId, id => new ParentAccount(id, SignInMethod.Sms, MobileMasked: null,
            new ConsentRecord(ConsentText.CurrentVersion, time.GetUtcNow()), [], time.GetUtcNow())))!;

    public Task<ParentAccount> GetOrCreateAsync(ParentAccount account, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.GetOrAdd(account.Id, account));

    public Task<ParentAccount?> SetNotifyOpenIdAsync(string accountId, string notifyOpenIdEncrypted, CancellationToken cancellationToken) =>
        Task.FromResult<ParentAccount?>(null);

    public Task<ParentAccount?> RecordConsentAsync(string accountId, ConsentRecord consent, CancellationToken cancellationToken) =>
        GetAsync(accountId, cancellationToken);

    public Task AddApplicationAsync(string accountId, ApplicationReference reference, CancellationToken cancellationToken)
    {
        _accounts.AddOrUpdate(accountId, _ => throw new InvalidOperationException("A rehearsal family applies only after its account is read."),
            (_, account) => account with { Applications = [.. account.Applications, reference] });
        return Task.CompletedTask;
    }
}

/// <summary>
/// A rehearsal's lottery files, in memory: the real archive keeps every list and transcript for years under a
/// retention lock, which a practice draw must never take up.
/// </summary>
public sealed class RehearsalLotteryArchive : ILotteryArchive
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public Task<bool> WriteOnceAsync(string name, byte[] content, CancellationToken cancellationToken) =>
        Task.FromResult(_files.GetOrAdd(name, content).AsSpan().SequenceEqual(content));

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_files.TryGetValue(name, out var content) ? content : null);
}
