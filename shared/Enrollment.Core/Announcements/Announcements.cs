using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Announcements;

/// <summary>What the bureau publishes besides its texts (checklist C27/C28): notices, answers to policy questions, statements on a matter of public concern.</summary>
public enum AnnouncementKind
{
    /// <summary>通知公告.</summary>
    Notice,

    /// <summary>政策问答: a question families ask, and the bureau's answer.</summary>
    Answer,

    /// <summary>情况说明: the bureau's account of a matter of public concern (回应社会关切).</summary>
    Statement,
}

/// <summary>One announcement, public from <see cref="PublishedAt"/> until withdrawn (a withdrawn one stays, for the record).</summary>
public sealed record Announcement(
    string Id,
    string CountyId,
    AnnouncementKind Kind,
    string Title,
    string Body,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    DateTimeOffset? WithdrawnAt = null,
    string? WithdrawnBy = null);

public sealed record NewAnnouncement(AnnouncementKind? Kind, string? Title, string? Body);

public interface IAnnouncementStore
{
    Task CreateAsync(Announcement announcement, CancellationToken cancellationToken);

    Task<Versioned<Announcement>?> GetAsync(string countyId, string id, CancellationToken cancellationToken);

    Task<bool> TryReplaceAsync(Announcement announcement, string etag, CancellationToken cancellationToken);

    /// <summary>The county's announcements, withdrawn ones too, in no particular order.</summary>
    IAsyncEnumerable<Announcement> ListAsync(string countyId, CancellationToken cancellationToken);
}

public abstract record AnnouncementOutcome
{
    private AnnouncementOutcome()
    {
    }

    public sealed record Done(Announcement Announcement) : AnnouncementOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : AnnouncementOutcome;

    public sealed record ReadOnly : AnnouncementOutcome;

    public sealed record NotFound : AnnouncementOutcome;
}

/// <summary>
/// The bureau publishes and withdraws announcements; the public pages list the published ones, newest first, with their
/// dates. Both steps are audited; a withdrawal keeps the text for the record.
/// </summary>
public sealed class Announcements(ICountyStore counties, IAnnouncementStore store, IAuditLog audit, TimeProvider time)
{
    public const int MaxTitleLength = 60;
    public const int MaxBodyLength = 5000;

    /// <summary>The newest this many are public: older ones are in the bureau's list.</summary>
    public const int PublicCount = 50;

    public async Task<AnnouncementOutcome> PublishAsync(StaffAccount staff, string countyId, NewAnnouncement request, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(staff, countyId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["kind"] = ["请选择类别：通知公告（Notice）、政策问答（Answer）或情况说明（Statement）。"];
        }

        if (!ApplicationFormValidation.IsPlainText(request.Title, 2, MaxTitleLength))
        {
            errors["title"] = [$"请填写标题（2到{MaxTitleLength}个字）。"];
        }

        if (!ApplicationFormValidation.IsPlainParagraphs(request.Body, MaxBodyLength))
        {
            errors["body"] = [$"请填写正文（不超过{MaxBodyLength}个字，可以分段）。"];
        }

        if (errors.Count > 0)
        {
            return new AnnouncementOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var announcement = new Announcement(Guid.NewGuid().ToString("N"), countyId, request.Kind!.Value, request.Title!.Trim(), request.Body!.Trim(), now, staff.Id);
        await store.CreateAsync(announcement, cancellationToken);
        await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.PublishAnnouncement, "announcement", announcement.Id,
            after: $"kind={announcement.Kind}; title={announcement.Title}"), cancellationToken);
        return new AnnouncementOutcome.Done(announcement);
    }

    /// <summary>Takes an announcement off the public pages; repeating it finishes it.</summary>
    public async Task<AnnouncementOutcome> WithdrawAsync(StaffAccount staff, string countyId, string id, string? reason, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(staff, countyId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (!ApplicationFormValidation.IsPlainText(reason, 1, 200))
        {
            return new AnnouncementOutcome.Invalid(new Dictionary<string, string[]> { ["reason"] = ["请填写撤回原因（不超过200个字），它会记入审计日志。"] });
        }

        // Ids are ours (32 hex digits): anything else names no announcement, and never reaches storage.
        while (id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower) && await store.GetAsync(countyId, id, cancellationToken) is { } found)
        {
            if (found.Value.WithdrawnAt is not null)
            {
                return new AnnouncementOutcome.Done(found.Value);
            }

            var now = time.GetUtcNow();
            var withdrawn = found.Value with { WithdrawnAt = now, WithdrawnBy = staff.Id };
            if (await store.TryReplaceAsync(withdrawn, found.ETag, cancellationToken))
            {
                await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.WithdrawAnnouncement, "announcement", id, reason!.Trim()), cancellationToken);
                return new AnnouncementOutcome.Done(withdrawn);
            }
        }

        return new AnnouncementOutcome.NotFound();
    }

    /// <summary>Every announcement of the county, withdrawn ones too, newest first: for its officers and auditors.</summary>
    public async Task<IReadOnlyList<Announcement>?> ListAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken) =>
        staff.CanAudit(countyId) ? await NewestFirstAsync(countyId, withdrawn: true, int.MaxValue, cancellationToken) : null;

    /// <summary>What the public pages show: the published ones, newest first; null when there is no such county.</summary>
    public async Task<IReadOnlyList<Announcement>?> PublishedAsync(string countyId, CancellationToken cancellationToken) =>
        await counties.GetAsync(countyId, cancellationToken) is null ? null : await NewestFirstAsync(countyId, withdrawn: false, PublicCount, cancellationToken);

    private async Task<IReadOnlyList<Announcement>> NewestFirstAsync(string countyId, bool withdrawn, int count, CancellationToken cancellationToken)
    {
        var all = new List<Announcement>();
        await foreach (var announcement in store.ListAsync(countyId, cancellationToken))
        {
            if (withdrawn || announcement.WithdrawnAt is null)
            {
                all.Add(announcement);
            }
        }

        return all.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(count).ToList();
    }

    private async Task<AnnouncementOutcome?> RefusalAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken) =>
        !staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is null ? new AnnouncementOutcome.NotFound()
        : !staff.CanConfigure(countyId) ? new AnnouncementOutcome.ReadOnly()
        : null;
}
