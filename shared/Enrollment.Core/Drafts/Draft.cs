using Enrollment.Core.Applications;
using Enrollment.Core.Checks;
using Enrollment.Core.Outside;
using Enrollment.Core.Uploads;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Drafts;

public enum DraftState
{
    Open,

    /// <summary>The registration window closed before it was submitted; kept read-only so nothing typed is lost.</summary>
    Closed,
}

/// <summary>
/// A form saved as the guardian types, in the guardian's partition so any signed-in phone resumes it.
/// The form is stored encrypted as a whole: a draft may hold ID numbers before any check has run.
/// </summary>
public sealed record Draft(
    string Id,
    string ParentId,
    string CountyId,
    DraftState State,
    string EncryptedForm,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<FactResult>? Facts = null,
    string? FactsFingerprint = null);

public interface IDraftStore
{
    Task<Versioned<Draft>?> GetAsync(string parentId, string draftId, CancellationToken cancellationToken);

    IAsyncEnumerable<Draft> ListAsync(string parentId, CancellationToken cancellationToken);

    /// <summary>Writes the draft if it is still <paramref name="etag"/> (null: unconditionally); the new ETag, or null when someone else changed it first.</summary>
    Task<string?> TrySaveAsync(Draft draft, string? etag, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string parentId, string draftId, CancellationToken cancellationToken);

    /// <summary>Open drafts of one county, across guardians: for the timers that remind and close them.</summary>
    IAsyncEnumerable<Draft> ListOpenAsync(string countyId, CancellationToken cancellationToken);

    /// <summary>
    /// Records, create-only and beside the draft (so the draft and its ETag are untouched while the guardian
    /// types), that its guardian is being reminded; false when that was already recorded.
    /// </summary>
    Task<bool> TryMarkRemindedAsync(string parentId, string draftId, CancellationToken cancellationToken);

    /// <summary>Takes the mark back when the reminder could not be sent, so the next run tries again.</summary>
    Task UnmarkRemindedAsync(string parentId, string draftId, CancellationToken cancellationToken);
}

/// <summary>A draft as its guardian sees it.</summary>
public sealed record DraftContent(string Id, DraftState State, ApplicationForm Form, IReadOnlyList<FactResult> Facts, DateTimeOffset UpdatedAt, string ETag);

public abstract record CheckDraftOutcome
{
    private CheckDraftOutcome()
    {
    }

    /// <summary>The facts as now kept on the draft, and the draft's new version for the next save.</summary>
    public sealed record Checked(IReadOnlyList<FactResult> Facts, string ETag) : CheckDraftOutcome;

    public sealed record NotFound : CheckDraftOutcome;

    /// <summary>The document is not one this guardian uploaded and had accepted, or is not the one the fact asks for.</summary>
    public sealed record WrongDocument : CheckDraftOutcome;
}

public abstract record SaveDraftOutcome
{
    private SaveDraftOutcome()
    {
    }

    public sealed record Saved(DraftContent Draft) : SaveDraftOutcome;

    public sealed record WindowNotOpen(WindowReading Window) : SaveDraftOutcome;

    /// <summary>Saved meanwhile from another phone: reload before saving over it.</summary>
    public sealed record Changed : SaveDraftOutcome;

    public sealed record UnknownCounty : SaveDraftOutcome;
}

public sealed class DraftService(IDraftStore store, ICountyStore counties, DataSharingChecks checks, UploadService uploads, ApplicationRecords records, TimeProvider time)
{
    public async Task<SaveDraftOutcome> SaveAsync(string parentId, string draftId, ApplicationForm form, string? etag, CancellationToken cancellationToken)
    {
        var county = string.IsNullOrWhiteSpace(form.CountyId) ? null : await counties.GetAsync(form.CountyId, cancellationToken);
        if (county is null)
        {
            return new SaveDraftOutcome.UnknownCounty();
        }

        var now = time.GetUtcNow();
        if (RegistrationWindow(county, form.SchoolIds, now) is { IsOpen: false } closed)
        {
            return new SaveDraftOutcome.WindowNotOpen(closed);
        }

        // The checks already run stay with the draft; a change to what they were about is noticed at the next check.
        var existing = await store.GetAsync(parentId, draftId, cancellationToken);
        if (etag is not null && existing?.ETag != etag)
        {
            return new SaveDraftOutcome.Changed();
        }

        var draft = new Draft(draftId, parentId, county.Id, DraftState.Open, records.Protect(form), now,
            existing?.Value.Facts, existing?.Value.FactsFingerprint);
        var saved = await store.TrySaveAsync(draft, existing?.ETag, cancellationToken);
        return saved is null ? new SaveDraftOutcome.Changed() : new SaveDraftOutcome.Saved(Content(draft, saved));
    }

    /// <summary>Asks the departments about every fact the draft claims (those not settled yet) and keeps the answers on the draft.</summary>
    public async Task<CheckDraftOutcome> CheckAsync(string parentId, string draftId, CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(parentId, draftId, cancellationToken);
        if (found is not { Value.State: DraftState.Open })
        {
            return new CheckDraftOutcome.NotFound();
        }

        var form = FormOf(found.Value);
        var fingerprint = checks.Fingerprint(form);
        var previous = found.Value.FactsFingerprint == fingerprint ? found.Value.Facts ?? [] : [];
        var facts = await checks.RunAsync(form, previous, cancellationToken);
        var saved = await store.TrySaveAsync(found.Value with { Facts = facts, FactsFingerprint = fingerprint }, found.ETag, cancellationToken);

        // Saved meanwhile from another phone: check that version instead (settled answers are not asked again).
        return saved is null ? await CheckAsync(parentId, draftId, cancellationToken) : new CheckDraftOutcome.Checked(facts, saved);
    }

    /// <summary>Attaches an accepted upload to the fact that asked for it.</summary>
    public async Task<CheckDraftOutcome> AttachAsync(string parentId, string draftId, FactKind kind, string uploadId, CancellationToken cancellationToken)
    {
        var found = await store.GetAsync(parentId, draftId, cancellationToken);
        var fact = found?.Value.Facts?.FirstOrDefault(f => f.Kind == kind);
        if (found is not { Value.State: DraftState.Open } || fact is null)
        {
            return new CheckDraftOutcome.NotFound();
        }

        var document = await uploads.GetDocumentAsync(parentId, uploadId, cancellationToken);
        if (document is null || document.Kind != fact.DocumentKind)
        {
            return new CheckDraftOutcome.WrongDocument();
        }

        var facts = found.Value.Facts!.Select(f => f == fact ? f with { UploadId = uploadId } : f).ToList();
        var saved = await store.TrySaveAsync(found.Value with { Facts = facts }, found.ETag, cancellationToken);
        return saved is null ? await AttachAsync(parentId, draftId, kind, uploadId, cancellationToken) : new CheckDraftOutcome.Checked(facts, saved);
    }

    /// <summary>The draft's facts if they are about the form as it is now; otherwise none, so they are checked again.</summary>
    public async Task<IReadOnlyList<FactResult>> FactsForAsync(string parentId, string draftId, ApplicationForm form, CancellationToken cancellationToken) =>
        await store.GetAsync(parentId, draftId, cancellationToken) is { Value: var draft } && draft.FactsFingerprint == checks.Fingerprint(form)
            ? draft.Facts ?? []
            : [];

    public async Task<DraftContent?> GetAsync(string parentId, string draftId, CancellationToken cancellationToken) =>
        await store.GetAsync(parentId, draftId, cancellationToken) is { } found ? Content(found.Value, found.ETag) : null;

    public async Task<IReadOnlyList<DraftContent>> ListAsync(string parentId, CancellationToken cancellationToken)
    {
        var drafts = new List<DraftContent>();
        await foreach (var draft in store.ListAsync(parentId, cancellationToken))
        {
            drafts.Add(Content(draft, ETag: ""));
        }

        return drafts.OrderByDescending(d => d.UpdatedAt).ToList();
    }

    public Task<bool> DeleteAsync(string parentId, string draftId, CancellationToken cancellationToken) => store.DeleteAsync(parentId, draftId, cancellationToken);

    /// <summary>
    /// The chosen schools' registration window (the first one not open, if any); before a school is chosen,
    /// the county's: open while any school's is.
    /// </summary>
    private static WindowReading? RegistrationWindow(County county, IReadOnlyList<string>? schoolIds, DateTimeOffset now)
    {
        var chosen = (schoolIds ?? []).Select(county.FindSchool).OfType<School>().ToList();
        var readings = (chosen.Count > 0 ? chosen : county.Schools).Select(s => county.WindowFor(WindowKind.Registration, s, now)).ToList();
        return chosen.Count > 0
            ? readings.FirstOrDefault(r => !r.IsOpen) ?? readings[0]
            : readings.FirstOrDefault(r => r.IsOpen) ?? readings.FirstOrDefault();
    }

    /// <summary>
    /// Closes the open drafts of every county whose registration window has closed. Idempotent: a second
    /// run finds none open; a concurrent save by the guardian wins and the next run closes it.
    /// </summary>
    public async Task<int> CloseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            // Only once every school's registration has closed (a pause is not a close): until then the guardian may still pick one that is open.
            if (!county.Schools.All(s => county.WindowFor(WindowKind.Registration, s, now).State == WindowState.Closed))
            {
                continue;
            }

            await foreach (var draft in store.ListOpenAsync(county.Id, cancellationToken))
            {
                if (await store.GetAsync(draft.ParentId, draft.Id, cancellationToken) is { Value.State: DraftState.Open } current
                    && await store.TrySaveAsync(current.Value with { State = DraftState.Closed }, current.ETag, cancellationToken) is not null)
                {
                    closed++;
                }
            }
        }

        return closed;
    }

    private ApplicationForm FormOf(Draft draft) => records.Unprotect(draft.EncryptedForm);

    private DraftContent Content(Draft draft, string ETag) => new(draft.Id, draft.State, FormOf(draft), draft.Facts ?? [], draft.UpdatedAt, ETag);
}
