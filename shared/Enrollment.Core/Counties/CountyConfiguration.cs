using System.Text.Json;
using System.Text.Json.Serialization;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Counties;

/// <summary>A window change as the bureau asks for it; missing times are kept from the window as it stands (for a partial change).</summary>
public sealed record WindowChangeRequest(WindowKind Kind, WindowChange Change, Stage? Stage, string? SchoolId, DateTimeOffset? Opens, DateTimeOffset? Closes, DateTimeOffset? EffectiveAt, string? Reason);

public enum WindowChange
{
    /// <summary>The whole window: both times are required.</summary>
    Set,

    /// <summary>Only the times given (close early, extend, open early); the other stays as it stands.</summary>
    Adjust,

    /// <summary>A school's own window goes: the school follows its stage's again.</summary>
    Remove,
}

/// <summary>What changed between the stored configuration and an imported one, by id.</summary>
public sealed record ConfigurationDiff(DiffSection Schools, DiffSection Plans, DiffSection Windows, bool NameChanged, bool AgeRuleChanged, int ScheduledChangesDropped,
    DiffSection? AdmissionOrders = null, bool ConfirmAtCloseChanged = false, bool PrivateFallbackChanged = false)
{
    public bool IsEmpty => Schools.IsEmpty && Plans.IsEmpty && Windows.IsEmpty && !NameChanged && !AgeRuleChanged && ScheduledChangesDropped == 0
        && AdmissionOrders is null or { IsEmpty: true } && !ConfirmAtCloseChanged && !PrivateFallbackChanged;
}

public sealed record DiffSection(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;
}

public abstract record ConfigurationOutcome
{
    private ConfigurationOutcome()
    {
    }

    public sealed record Changed(County County, ConfigurationDiff? Diff = null) : ConfigurationOutcome;

    /// <summary>A dry run: what an import would change; nothing was stored.</summary>
    public sealed record Previewed(County County, ConfigurationDiff Diff) : ConfigurationOutcome;

    /// <summary>No such county, or not one this member of staff may see.</summary>
    public sealed record NotFound : ConfigurationOutcome;

    /// <summary>The caller may read the configuration but not change it.</summary>
    public sealed record ReadOnly : ConfigurationOutcome;

    /// <summary>Someone else changed the configuration since the caller read it; it is now at <see cref="CurrentVersion"/>.</summary>
    public sealed record Stale(int CurrentVersion) : ConfigurationOutcome;

    /// <summary>JSON path → messages for the clerk.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ConfigurationOutcome;
}

/// <summary>
/// The bureau's configuration of a county: windows changed now or scheduled ahead, the emergency pause,
/// and whole-configuration import. Every change bumps <see cref="County.Version"/>, is written under the
/// document's ETag (so two officers never overwrite each other) and is audited with before and after.
/// </summary>
public sealed class CountyConfiguration(ICountyStore counties, IApplicationStore applications, IPastYearStore pastYears, IAuditLog audit, TimeProvider time)
{
    public const int MaxMessageLength = 200;
    public const int MaxReasonLength = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The county, for staff who may read its configuration (officers and auditors); null otherwise, like a missing one.</summary>
    public async Task<County?> GetAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken) =>
        staff.CanAudit(countyId) ? await counties.GetAsync(countyId, cancellationToken) : null;

    /// <summary>
    /// Null when <paramref name="staff"/> may change the county's configuration; else the answer: not found for
    /// whoever may not read it, read-only for its auditors. An import asks before its file is read, so a
    /// refused caller learns nothing from sending one.
    /// </summary>
    public static ConfigurationOutcome? RefusalFor(StaffAccount staff, string countyId) =>
        !staff.CanAudit(countyId) ? new ConfigurationOutcome.NotFound()
        : !staff.CanConfigure(countyId) ? new ConfigurationOutcome.ReadOnly()
        : null;

    public Task<ConfigurationOutcome> ChangeWindowAsync(StaffAccount staff, string countyId, int? expectedVersion, WindowChangeRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(staff, countyId, expectedVersion, request.Reason, (county, now) =>
        {
            var effectiveAt = request.EffectiveAt ?? now;
            if (effectiveAt < now)
            {
                return Refused("$.effectiveAt", "生效时间不能早于现在；立即生效请不填生效时间。");
            }

            var target = new WindowSetting(request.Kind, request.Stage, request.SchoolId, Window: null);
            var school = request.SchoolId is null ? null : county.FindSchool(request.SchoolId);
            if (request.SchoolId is not null && school is null)
            {
                return Refused("$.schoolId", "这所学校不是本县的学校。");
            }

            // The window as it will stand just before the change takes effect (a school's own, else its stage's), for a partial change and for the audit's "before".
            var standing = county.Calendar.AsOf(effectiveAt);
            var before = standing.Windows.FirstOrDefault(w => w.SameTarget(target))?.Window ?? (school is null ? null : standing.Find(request.Kind, school));
            var keep = request.Change == WindowChange.Adjust ? before : null;
            var opens = request.Opens ?? keep?.Opens;
            var closes = request.Closes ?? keep?.Closes;
            if (request.Change != WindowChange.Remove && (opens is null || closes is null))
            {
                return Refused(opens is null ? "$.opens" : "$.closes", "请填写开始时间和结束时间。");
            }

            var setting = target with { Window = request.Change == WindowChange.Remove ? null : new Window(opens!.Value, closes!.Value) };
            var change = new CalendarChange(county.Version + 1, effectiveAt, Window: setting);
            var calendar = county.Calendar.With(change, now);
            var errors = ConfigurationValidation.ValidateChange(setting, county, calendar.AsOf(effectiveAt));
            return errors.Count > 0
                ? new Change.Refused(errors)
                : new Change.Made(county with { Calendar = calendar }, new Audit(AuditActions.ChangeWindow,
                    Serialize(new { before = target with { Window = before } }),
                    Serialize(new { after = setting, effectiveAt })));
        }, cancellationToken);

    public Task<ConfigurationOutcome> PauseAsync(StaffAccount staff, string countyId, int? expectedVersion, string? message, DateTimeOffset? effectiveAt, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(staff, countyId, expectedVersion, reason, (county, now) =>
        {
            if (string.IsNullOrWhiteSpace(message) || message.Length > MaxMessageLength)
            {
                return Refused("$.message", $"请填写向家长说明的暂停原因（不超过{MaxMessageLength}个字），例如“系统维护，预计今晚20:00恢复报名”。");
            }

            return Pause(county, now, effectiveAt, new CalendarChange(county.Version + 1, effectiveAt ?? now, Pause: new EmergencyPause(message.Trim())), AuditActions.PauseEnrollment);
        }, cancellationToken);

    public Task<ConfigurationOutcome> ResumeAsync(StaffAccount staff, string countyId, int? expectedVersion, DateTimeOffset? effectiveAt, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(staff, countyId, expectedVersion, reason, (county, now) =>
            Pause(county, now, effectiveAt, new CalendarChange(county.Version + 1, effectiveAt ?? now, Resume: true), AuditActions.ResumeEnrollment),
            cancellationToken);

    /// <summary>Withdraws a change scheduled ahead (named by the version it was made in) before it takes effect.</summary>
    public Task<ConfigurationOutcome> CancelScheduledAsync(StaffAccount staff, string countyId, int? expectedVersion, int scheduledVersion, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(staff, countyId, expectedVersion, reason, (county, now) =>
        {
            var calendar = county.Calendar.AsOf(now);
            if (calendar.Scheduled.FirstOrDefault(c => c.Version == scheduledVersion) is not { } cancelled)
            {
                return Refused("$.scheduled", "这项预定的调整已经生效或已被取消，请刷新后查看当前安排。");
            }

            return new Change.Made(county with { Calendar = calendar with { Scheduled = calendar.Scheduled.Where(c => c != cancelled).ToList() } },
                new Audit(AuditActions.CancelScheduledChange, Serialize(new { scheduled = cancelled }), Serialize(new { scheduled = (object?)null })));
        }, cancellationToken);

    /// <summary>
    /// Replaces the schools (catchments, plans) and windows with the file's; the pause stays, changes scheduled
    /// ahead are dropped (the diff counts them). A dry run validates and answers the diff, storing nothing.
    /// </summary>
    public async Task<ConfigurationOutcome> ImportAsync(StaffAccount staff, string countyId, int? expectedVersion, CountyConfigurationFile file, bool dryRun, string? reason, CancellationToken cancellationToken)
    {
        if (RefusalFor(staff, countyId) is { } refusal)
        {
            return refusal;
        }

        if (dryRun)
        {
            if (await counties.GetAsync(countyId, cancellationToken) is not { } county)
            {
                return new ConfigurationOutcome.NotFound();
            }

            var errors = ConfigurationValidation.Validate(file, county);
            await RefuseRemovingSchoolsWithApplicationsAsync(county, file, errors, cancellationToken);
            return errors.Count > 0 ? new ConfigurationOutcome.Invalid(errors) : new ConfigurationOutcome.Previewed(county, Diff(county, file, time.GetUtcNow()));
        }

        if (await counties.GetAsync(countyId, cancellationToken) is { } current)
        {
            var removing = new Dictionary<string, string[]>();
            await RefuseRemovingSchoolsWithApplicationsAsync(current, file, removing, cancellationToken);
            if (removing.Count > 0)
            {
                return new ConfigurationOutcome.Invalid(removing);
            }
        }

        ConfigurationDiff? diff = null;
        var outcome = await ChangeAsync(staff, countyId, expectedVersion, reason, (county, now) =>
        {
            var errors = ConfigurationValidation.Validate(file, county);
            if (errors.Count > 0)
            {
                return new Change.Refused(errors);
            }

            diff = Diff(county, file, now);
            var imported = county with
            {
                Name = file.Name!.Trim(),
                AgeRule = file.AgeRule!,
                Schools = file.Schools!.OfType<School>().ToList(),
                Calendar = county.Calendar.AsOf(now) with { Windows = file.Windows!.OfType<WindowSetting>().ToList(), Scheduled = [] },
                AdmissionOrders = file.AdmissionOrders?.OfType<Admission.AdmissionOrder>().ToList(),
                ConfirmAdmissionsAtClose = file.ConfirmAdmissionsAtClose == true,
                PrivateFallback = file.PrivateFallback ?? PrivateFallback.PublicChoice,
            };
            return new Change.Made(imported, new Audit(AuditActions.ChangeConfiguration,
                Serialize(CountyConfigurationFile.From(county, now)), Serialize(new { diff })));
        }, cancellationToken);
        return outcome is ConfigurationOutcome.Changed changed ? changed with { Diff = diff } : outcome;
    }

    /// <summary>
    /// A school families have applied to cannot leave the configuration: their applications would point nowhere.
    /// (Read before the change: a school added back by a racing import is harmless, one removed is refused here.)
    /// </summary>
    private async Task RefuseRemovingSchoolsWithApplicationsAsync(County county, CountyConfigurationFile file, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var kept = (file.Schools ?? []).OfType<School>().Select(s => s.Id).ToHashSet();
        var live = Enum.GetValues<ApplicationStatus>().Where(s => s != ApplicationStatus.Withdrawn).ToList();
        foreach (var school in county.Schools.Where(s => !kept.Contains(s.Id)))
        {
            if (await applications.CountAsync(school.Id, county.EnrollmentYear, live, cancellationToken) is > 0 and var count)
            {
                errors[$"$.schools({school.Id})"] = [$"{school.Name}已有{count}份报名，不能从配置中删除；如今年不再招生，请保留该校并把招生计划设为0。"];
            }
        }
    }

    private static Change Pause(County county, DateTimeOffset now, DateTimeOffset? effectiveAt, CalendarChange change, string action)
    {
        if (effectiveAt < now)
        {
            return Refused("$.effectiveAt", "生效时间不能早于现在；立即生效请不填生效时间。");
        }

        var before = county.Calendar.AsOf(change.EffectiveAt).Pause;
        return new Change.Made(county with { Calendar = county.Calendar.With(change, now) },
            new Audit(action, Serialize(new { pause = before }), Serialize(new { pause = change.Pause, effectiveAt = change.EffectiveAt })));
    }

    /// <summary>Saves the next version of the county's public texts as a draft: validated, versioned and audited, not yet public.</summary>
    public Task<ConfigurationOutcome> SaveDraftTextsAsync(StaffAccount staff, string countyId, int expectedVersion, PublicTexts texts, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(staff, countyId, expectedVersion, reason, (county, _) => PublicTexts.Validate(texts, county) is { Count: > 0 } errors
            ? new Change.Refused(errors)
            : new Change.Made(county with { DraftTexts = texts }, new Audit(AuditActions.DraftTexts, Serialize(county.DraftTexts), Serialize(texts))), cancellationToken);

    /// <summary>Publishes the draft the officer previewed (the version named): from the next request, the public pages show it.</summary>
    public Task<ConfigurationOutcome> PublishTextsAsync(StaffAccount staff, string countyId, int expectedVersion, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(staff, countyId, expectedVersion, reason, (county, _) => county.DraftTexts is not { } draft
            ? Refused("$", "没有待发布的草稿：请先保存草稿并预览，再发布。")
            // Checked again: a school named in the draft may have left the configuration since it was saved.
            : PublicTexts.Validate(draft, county) is { Count: > 0 } errors
                ? new Change.Refused(errors)
                : new Change.Made(county.Publishing(draft), new Audit(AuditActions.PublishTexts, Serialize(PublicTexts.Of(county)), Serialize(draft))), cancellationToken);

    /// <summary>
    /// 开启下一年度 (<see cref="YearRollover"/>), on the version the officer read. This year's configuration is stored as a
    /// <see cref="PastYear"/> first, so a rollover that stops half-way loses nothing; this year's applications stay as
    /// they are, read-only (<see cref="County.IsPastYear"/>), and the public pages show the new year at once.
    /// </summary>
    public async Task<ConfigurationOutcome> RollOverAsync(StaffAccount staff, string countyId, int expectedVersion, string? reason, CancellationToken cancellationToken)
    {
        if (RefusalFor(staff, countyId) is { } refusal)
        {
            return refusal;
        }

        if (await counties.GetAsync(countyId, cancellationToken) is not { } closing)
        {
            return new ConfigurationOutcome.NotFound();
        }

        if (closing.Version == expectedVersion && YearRollover.Next(closing, time.GetUtcNow()).Next is not null)
        {
            await pastYears.UpsertAsync(PastYear.Of(closing, time.GetUtcNow()), cancellationToken);
        }

        return await ChangeAsync(staff, countyId, expectedVersion, reason, (county, now) =>
        {
            if (county.EnrollmentYear != closing.EnrollmentYear)
            {
                return Refused("$.enrollmentYear", "下一年度已经开启，请刷新后查看。");
            }

            var (next, errors) = YearRollover.Next(county, now);
            return next is null
                ? new Change.Refused(errors)
                : new Change.Made(next, new Audit(AuditActions.RollOverYear,
                    Serialize(CountyConfigurationFile.From(county, now)), Serialize(new { enrollmentYear = next.EnrollmentYear, windows = next.Calendar.Windows })));
        }, cancellationToken);
    }

    private async Task<ConfigurationOutcome> ChangeAsync(
        StaffAccount staff, string countyId, int? expectedVersion, string? reason,
        Func<County, DateTimeOffset, Change> change,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            if (RefusalFor(staff, countyId) is { } refusal)
            {
                return refusal;
            }

            if (await counties.GetVersionedAsync(countyId, cancellationToken) is not { } found)
            {
                return new ConfigurationOutcome.NotFound();
            }

            var county = found.Value;
            await CompletePendingAuditAsync(county, cancellationToken);
            if (expectedVersion is not null && expectedVersion != county.Version)
            {
                return new ConfigurationOutcome.Stale(county.Version);
            }

            if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
            {
                return new ConfigurationOutcome.Invalid(new Dictionary<string, string[]> { ["$.reason"] = [$"请填写调整原因（不超过{MaxReasonLength}个字），它会记入审计日志。"] });
            }

            var now = time.GetUtcNow();
            var made = change(county, now);
            if (made is Change.Refused refused)
            {
                return new ConfigurationOutcome.Invalid(refused.Errors);
            }

            var (changed, entry) = (Change.Made)made;

            // The change carries its own audit entry, so a process that stops between the two writes loses neither:
            // the log shows the entry from the county at once, and the county's next change writes it (once, by its id).
            var entryFor = AuditEntry.By(staff, countyId, now, entry.Action, "county", countyId,
                reason.Trim(), entry.Before, entry.After, id: $"{countyId}.v{county.Version + 1}");
            changed = changed with { Version = county.Version + 1, PendingAudit = entryFor };
            if (!await counties.TryReplaceAsync(changed, found.ETag, cancellationToken))
            {
                // A caller who named the version they read is told; one who did not (an emergency pause) simply goes again on the latest.
                if (expectedVersion is not null)
                {
                    return new ConfigurationOutcome.Stale((await counties.GetAsync(countyId, cancellationToken))?.Version ?? county.Version);
                }

                continue;
            }

            await audit.AppendAsync(entryFor, cancellationToken);
            return new ConfigurationOutcome.Changed(changed);
        }
    }

    /// <summary>Writes the last change's audit entry if the process stopped before it could (until then the log shows it from the county).</summary>
    private Task CompletePendingAuditAsync(County county, CancellationToken cancellationToken) =>
        county.PendingAudit is { } pending ? audit.AppendAsync(pending, cancellationToken) : Task.CompletedTask;

    private static ConfigurationDiff Diff(County county, CountyConfigurationFile file, DateTimeOffset now)
    {
        var schools = file.Schools!.OfType<School>().ToList();
        var windows = file.Windows!.OfType<WindowSetting>().ToList();
        var current = county.Calendar.AsOf(now);
        return new ConfigurationDiff(
            Compare(county.Schools, schools, s => s.Id, s => s with { Plan = null! }),
            Compare(county.Schools, schools, s => s.Id, s => s.Plan),
            Compare(current.Windows, windows, Describe, w => w.Window),
            county.Name != file.Name?.Trim(),
            county.AgeRule != file.AgeRule,
            current.Scheduled.Count,
            Compare(county.AdmissionOrders ?? [], file.AdmissionOrders?.OfType<Admission.AdmissionOrder>().ToList() ?? [], o => o.Stage.ToString(), o => o.Categories),
            county.ConfirmAdmissionsAtClose != (file.ConfirmAdmissionsAtClose == true),
            county.PrivateFallback != (file.PrivateFallback ?? PrivateFallback.PublicChoice));
    }

    private static DiffSection Compare<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key, Func<T, object?> content)
    {
        var old = before.ToDictionary(key);
        var @new = after.ToDictionary(key);
        return new DiffSection(
            @new.Keys.Except(old.Keys).ToList(),
            old.Keys.Except(@new.Keys).ToList(),
            @new.Keys.Intersect(old.Keys).Where(k => Serialize(content(old[k])) != Serialize(content(@new[k]))).ToList());
    }

    /// <summary>"Registration/Primary", "Lottery/demo-201": how a window is named in a diff.</summary>
    private static string Describe(WindowSetting setting) => $"{setting.Kind}/{setting.SchoolId ?? setting.Stage.ToString()}";

    private static Change Refused(string path, string message) =>
        new Change.Refused(new Dictionary<string, string[]> { [path] = [message] });

    private static string Serialize(object? value) => JsonSerializer.Serialize(value, Json);

    private sealed record Audit(string Action, string Before, string After);

    /// <summary>What a change makes of the county as it stands: the changed county with its audit entry, or why not.</summary>
    private abstract record Change
    {
        private Change()
        {
        }

        public sealed record Made(County County, Audit Audit) : Change;

        public sealed record Refused(IReadOnlyDictionary<string, string[]> Errors) : Change;
    }
}
