using System.Text.Json;
using System.Text.Json.Serialization;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;

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
public sealed record Draft(string Id, string ParentId, string CountyId, DraftState State, string EncryptedForm, DateTimeOffset UpdatedAt);

public interface IDraftStore
{
    Task<Versioned<Draft>?> GetAsync(string parentId, string draftId, CancellationToken cancellationToken);

    IAsyncEnumerable<Draft> ListAsync(string parentId, CancellationToken cancellationToken);

    /// <summary>Writes the draft if it is still <paramref name="etag"/> (null: unconditionally); the new ETag, or null when someone else changed it first.</summary>
    Task<string?> TrySaveAsync(Draft draft, string? etag, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string parentId, string draftId, CancellationToken cancellationToken);

    /// <summary>Open drafts of one county, across guardians: for the timer that closes them.</summary>
    IAsyncEnumerable<Draft> ListOpenAsync(string countyId, CancellationToken cancellationToken);
}

/// <summary>A draft as its guardian sees it.</summary>
public sealed record DraftContent(string Id, DraftState State, ApplicationForm Form, DateTimeOffset UpdatedAt, string ETag);

public abstract record SaveDraftOutcome
{
    private SaveDraftOutcome()
    {
    }

    public sealed record Saved(DraftContent Draft) : SaveDraftOutcome;

    public sealed record WindowNotOpen(Window Window, WindowState State) : SaveDraftOutcome;

    /// <summary>Saved meanwhile from another phone: reload before saving over it.</summary>
    public sealed record Changed : SaveDraftOutcome;

    public sealed record UnknownCounty : SaveDraftOutcome;
}

public sealed class DraftService(IDraftStore store, ICountyStore counties, PersonalDataProtector protector, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<SaveDraftOutcome> SaveAsync(string parentId, string draftId, ApplicationForm form, string? etag, CancellationToken cancellationToken)
    {
        var county = string.IsNullOrWhiteSpace(form.CountyId) ? null : await counties.GetAsync(form.CountyId, cancellationToken);
        if (county is null)
        {
            return new SaveDraftOutcome.UnknownCounty();
        }

        var now = time.GetUtcNow();
        var state = county.Registration.StateAt(now);
        if (state != WindowState.Open)
        {
            return new SaveDraftOutcome.WindowNotOpen(county.Registration, state);
        }

        var draft = new Draft(draftId, parentId, county.Id, DraftState.Open, protector.Encrypt(JsonSerializer.Serialize(form, Json)), now);
        var saved = await store.TrySaveAsync(draft, etag, cancellationToken);
        return saved is null ? new SaveDraftOutcome.Changed() : new SaveDraftOutcome.Saved(Content(draft, saved));
    }

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
    /// Closes the open drafts of every county whose registration window has closed. Idempotent: a second
    /// run finds none open; a concurrent save by the guardian wins and the next run closes it.
    /// </summary>
    public async Task<int> CloseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var closed = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            if (county.Registration.StateAt(now) != WindowState.Closed)
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

    private DraftContent Content(Draft draft, string ETag) =>
        new(draft.Id, draft.State, JsonSerializer.Deserialize<ApplicationForm>(protector.Decrypt(draft.EncryptedForm), Json)!, draft.UpdatedAt, ETag);
}
