using Enrollment.Core.Applications;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Audit;

/// <summary>
/// One line of the append-only audit log: who did what to which object, when and why. Decisions,
/// configuration changes, exports and staff access to a child's record all write one. Values are
/// described without personal data (application numbers, not names).
/// </summary>
public sealed record AuditEntry(
    string Id,
    string CountyId,
    DateTimeOffset At,
    string ActorId,
    string ActorRole,
    string Action,
    string ObjectType,
    string ObjectId,
    string? Reason,
    string? Before,
    string? After,
    bool Assisted = false)
{
    /// <summary>
    /// What a member of staff did. Give <paramref name="id"/> when the event must be logged once however
    /// often it is retried (a repeated append finds it); otherwise each call is an entry of its own.
    /// </summary>
    public static AuditEntry By(
        StaffAccount staff, string countyId, DateTimeOffset at, string action, string objectType, string objectId,
        string? reason = null, string? before = null, string? after = null, string? id = null, bool assisted = false) =>
        new(id ?? Guid.NewGuid().ToString("N"), countyId, at, staff.Id, staff.Role.ToString(), action, objectType, objectId, reason, before, after, assisted);

    /// <summary>What the app did by itself, on a schedule or as a consequence (a lottery's cascade).</summary>
    public static AuditEntry BySystem(string countyId, DateTimeOffset at, string action, string objectType, string objectId, string? after) =>
        new(Guid.NewGuid().ToString("N"), countyId, at, "system", nameof(Actor.System), action, objectType, objectId, null, null, after);
}

/// <summary>Filters for reading the log; all optional.</summary>
public sealed record AuditQuery(string? ActorId, string? Action, string? ObjectId, DateTimeOffset? From, DateTimeOffset? Until)
{
    /// <summary>The filter as the log applies it: every given field equal, <see cref="From"/> inclusive, <see cref="Until"/> exclusive.</summary>
    public bool Matches(AuditEntry entry) =>
        (ActorId is null || entry.ActorId == ActorId)
        && (Action is null || entry.Action == Action)
        && (ObjectId is null || entry.ObjectId == ObjectId)
        && (From is null || entry.At >= From)
        && (Until is null || entry.At < Until);
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? ContinuationToken);

/// <summary>Append and read, nothing else: there is deliberately no way to change or remove an entry.</summary>
public interface IAuditLog
{
    /// <summary>Appends the entry; one whose id is there already is left as it is, so a repeated append writes it once.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>A page of entries, newest first; null when the continuation token is not one this log issued.</summary>
    Task<AuditPage?> ReadAsync(string countyId, AuditQuery query, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}

public static class AuditActions
{
    public const string ViewApplication = "application.view";
    public const string Approve = "application.approve";
    public const string Return = "application.return";
    public const string Reject = "application.reject";
    public const string AssistedRegistration = "application.assisted-registration";
    public const string CreateCounty = "county.create";
    public const string ChangeConfiguration = "county.configure";
    public const string DraftTexts = "county.texts-draft";
    public const string PublishAnnouncement = "announcement.publish";
    public const string WithdrawAnnouncement = "announcement.withdraw";
    public const string PublishTexts = "county.texts-publish";
    public const string ChangeWindow = "county.window";
    public const string RollOverYear = "county.rollover";
    public const string StartRehearsal = "rehearsal.start";
    public const string WipeRehearsal = "rehearsal.wipe";
    public const string PauseEnrollment = "county.pause";
    public const string ResumeEnrollment = "county.resume";
    public const string CancelScheduledChange = "county.cancel-scheduled";
    public const string Export = "export";
    public const string StaffSignIn = "staff.sign-in";
    public const string WorkAppeal = "appeal.work";
    public const string FreezeLottery = "lottery.freeze";
    public const string DrawLottery = "lottery.draw";
    public const string CascadeLottery = "lottery.cascade";
    public const string AssignClasses = "school.classes";
    public const string PlaceChild = "application.place";
    public const string ApproveAdmissions = "admission.approve";
    public const string ConfirmAdmissions = "admission.confirm";
    public const string CheckIn = "application.check-in";
    public const string CreateStaff = "staff.create";
    public const string ChangeStaff = "staff.change";
    public const string ResetStaffPassword = "staff.reset-password";
}
