using System.Text.Json;
using System.Text.Json.Serialization;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Bureau;

/// <summary>
/// The bureau's configuration of its county: windows, the emergency pause, change history, import and export.
/// Officers of the county change it; its auditors read it; anyone else finds nothing there. Changes name the
/// version they were made on (If-Match: "v7"), so two officers never overwrite each other.
/// </summary>
public static class BureauConfigurationApi
{
    public static RouteGroupBuilder MapBureauConfigurationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/counties/{countyId}/configuration")
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Bureau");

        api.MapGet("/", GetAsync).WithName("GetCountyConfiguration")
            .WithSummary("The county's schools, plans and windows as they stand now, the pause and the changes scheduled ahead; the ETag names the version.");
        api.MapPut("/windows/{kind}", PutWindowAsync).WithName("SetWindow")
            .WithSummary("Sets a stage's or a school's window for a step, now or from effectiveAt. If-Match required; 412 when the configuration changed meanwhile.");
        api.MapPatch("/windows/{kind}", PatchWindowAsync).WithName("ChangeWindow")
            .WithSummary("Changes only the times given (close early, extend, open early), now or from effectiveAt. If-Match required.");
        api.MapDelete("/windows/{kind}", DeleteWindowAsync).WithName("RemoveSchoolWindow")
            .WithSummary("Removes a school's own window for a step: the school follows its stage's again. If-Match required.");
        api.MapPost("/pause", PauseAsync).WithName("PauseEnrollment")
            .WithSummary("Emergency pause: every window of the county reads as closed and parents see the message, until resumed.");
        api.MapPost("/resume", ResumeAsync).WithName("ResumeEnrollment")
            .WithSummary("Lifts the emergency pause, now or from effectiveAt.");
        api.MapDelete("/scheduled/{scheduledVersion:int}", CancelScheduledAsync).WithName("CancelScheduledChange")
            .WithSummary("Withdraws a change scheduled ahead, named by the version it was made in, before it takes effect. If-Match required.");
        api.MapPost("/rollover", RollOverAsync).WithName("OpenNextYear")
            .WithSummary("开启下一年度: once every window of this year has closed, the configuration moves to the next year with its windows a year on; this year's applications become read-only. If-Match required.");
        api.MapGet("/history", HistoryAsync).WithName("GetConfigurationHistory")
            .WithSummary("Every change to the configuration, newest first, who made it, why, before and after; page on with X-Continuation.");
        api.MapGet("/export", ExportAsync).WithName("ExportCountyConfiguration")
            .WithSummary("The whole configuration as a JSON file the import accepts.");
        api.MapPost("/import", ImportAsync).WithName("ImportCountyConfiguration")
            .WithSummary("Replaces schools, plans and windows with the file's after validating it; dryRun=true only answers the diff. If-Match required unless dry run.");
        return api;
    }

    /// <summary>How import files are read: enums by name only, so a number is refused with its path.</summary>
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        MaxDepth = 16,
        WriteIndented = true,
    };

    public static async Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> GetAsync(
        string countyId, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        var county = await configuration.GetAsync(staff, countyId, cancellationToken);
        if (county is null)
        {
            return CountyNotFound();
        }

        context.Response.Headers.ETag = ETag(county);
        return TypedResults.Ok(ConfigurationView.From(county, time.GetUtcNow()));
    }

    public static Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> PutWindowAsync(
        string countyId, string kind, WindowBody body, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeWindowAsync(countyId, kind, body, WindowChange.Set, ifMatch, staff, context, configuration, time, cancellationToken);

    public static Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> PatchWindowAsync(
        string countyId, string kind, WindowBody body, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeWindowAsync(countyId, kind, body, WindowChange.Adjust, ifMatch, staff, context, configuration, time, cancellationToken);

    public static async Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> DeleteWindowAsync(
        string countyId, string kind, [FromQuery] string? schoolId, [FromQuery] string? reason, [FromHeader(Name = "If-Match")] string? ifMatch,
        SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<WindowKind>(kind, ignoreCase: false, out var windowKind) || !Enum.IsDefined(windowKind))
        {
            return UnknownStep();
        }

        if (Version(ifMatch) is not { } version)
        {
            return VersionRequired(ifMatch);
        }

        var request = new WindowChangeRequest(windowKind, WindowChange.Remove, Stage: null, string.IsNullOrEmpty(schoolId) ? null : schoolId, null, null, EffectiveAt: null, reason);
        return Answer(await configuration.ChangeWindowAsync(staff, countyId, version, request, cancellationToken), context, time);
    }

    public static async Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> PauseAsync(
        string countyId, PauseBody body, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        // An emergency pause may be sent without a version: it applies to whatever is current.
        if (ifMatch is not null && Version(ifMatch) is null)
        {
            return VersionRequired(ifMatch);
        }

        return Answer(await configuration.PauseAsync(staff, countyId, Version(ifMatch), body.Message, body.EffectiveAt, body.Reason, cancellationToken), context, time);
    }

    public static async Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> ResumeAsync(
        string countyId, ResumeBody body, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ifMatch is not null && Version(ifMatch) is null)
        {
            return VersionRequired(ifMatch);
        }

        return Answer(await configuration.ResumeAsync(staff, countyId, Version(ifMatch), body.EffectiveAt, body.Reason, cancellationToken), context, time);
    }

    public static async Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> RollOverAsync(
        string countyId, ReasonBody body, [FromHeader(Name = "If-Match")] string? ifMatch,
        SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Version(ifMatch) is not { } version)
        {
            return VersionRequired(ifMatch);
        }

        return Answer(await configuration.RollOverAsync(staff, countyId, version, body.Reason, cancellationToken), context, time);
    }

    public static async Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> CancelScheduledAsync(
        string countyId, int scheduledVersion, [FromQuery] string? reason, [FromHeader(Name = "If-Match")] string? ifMatch,
        SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Version(ifMatch) is not { } version)
        {
            return VersionRequired(ifMatch);
        }

        return Answer(await configuration.CancelScheduledAsync(staff, countyId, version, scheduledVersion, reason, cancellationToken), context, time);
    }

    public static async Task<Results<Ok<AuditPageView>, ProblemHttpResult>> HistoryAsync(
        string countyId, [FromQuery] int? pageSize, [FromHeader(Name = "X-Continuation")] string? continuation, SignedInStaff staff, AuditTrail trail, CancellationToken cancellationToken) =>
        AuditApi.Answer(await trail.ReadAsync(staff, countyId, new AuditQuery(ActorId: null, Action: null, ObjectId: countyId, From: null, Until: null),
            pageSize ?? 50, string.IsNullOrWhiteSpace(continuation) ? null : continuation, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string countyId, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        var county = await configuration.GetAsync(staff, countyId, cancellationToken);
        if (county is null)
        {
            return CountyNotFound();
        }

        context.Response.Headers.ETag = ETag(county);
        var file = JsonSerializer.SerializeToUtf8Bytes(CountyConfigurationFile.From(county, time.GetUtcNow()), FileJson);
        return TypedResults.File(file, "application/json", $"{county.Id}-{county.EnrollmentYear}-v{county.Version}.json");
    }

    public static async Task<Results<Ok<ImportView>, ProblemHttpResult>> ImportAsync(
        string countyId, [FromQuery] bool? dryRun, [FromQuery] string? reason, [FromHeader(Name = "If-Match")] string? ifMatch,
        SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (CountyConfiguration.RefusalFor(staff, countyId) is { } refusal)
        {
            return Problem(refusal);
        }

        var dry = dryRun == true;
        if (!dry && Version(ifMatch) is null)
        {
            return VersionRequired(ifMatch);
        }

        if (!context.Request.HasJsonContentType())
        {
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "文件格式有误", "请上传从本系统导出的 JSON 配置文件（Content-Type: application/json）。");
        }

        CountyConfigurationFile? file;
        try
        {
            file = await JsonSerializer.DeserializeAsync<CountyConfigurationFile>(context.Request.Body, FileJson, cancellationToken);
        }
        catch (JsonException e)
        {
            return UnreadableFile(e.Path, e.LineNumber);
        }

        if (file is null)
        {
            return UnreadableFile("$", lineNumber: null);
        }

        return await configuration.ImportAsync(staff, countyId, Version(ifMatch), file, dry, reason, cancellationToken) switch
        {
            ConfigurationOutcome.Previewed preview => TypedResults.Ok(new ImportView(Stored: false, preview.County.Version, preview.Diff)),
            ConfigurationOutcome.Changed { Diff: { } diff } changed => Stored(context, changed.County, diff),
            var outcome => Problem(outcome),
        };
    }

    private static Ok<ImportView> Stored(HttpContext context, County county, ConfigurationDiff diff)
    {
        context.Response.Headers.ETag = ETag(county);
        return TypedResults.Ok(new ImportView(Stored: true, county.Version, diff));
    }

    private static async Task<Results<Ok<ConfigurationView>, ProblemHttpResult>> ChangeWindowAsync(
        string countyId, string kind, WindowBody body, WindowChange change, string? ifMatch, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<WindowKind>(kind, ignoreCase: false, out var windowKind) || !Enum.IsDefined(windowKind))
        {
            return UnknownStep();
        }

        if (Version(ifMatch) is not { } version)
        {
            return VersionRequired(ifMatch);
        }

        var request = new WindowChangeRequest(windowKind, change, body.Stage, body.SchoolId, body.Opens, body.Closes, body.EffectiveAt, body.Reason);
        return Answer(await configuration.ChangeWindowAsync(staff, countyId, version, request, cancellationToken), context, time);
    }

    private static Results<Ok<ConfigurationView>, ProblemHttpResult> Answer(ConfigurationOutcome outcome, HttpContext context, TimeProvider time)
    {
        if (outcome is ConfigurationOutcome.Changed changed)
        {
            context.Response.Headers.ETag = ETag(changed.County);
            return TypedResults.Ok(ConfigurationView.From(changed.County, time.GetUtcNow()));
        }

        return Problem(outcome);
    }

    internal static ProblemHttpResult Problem(ConfigurationOutcome outcome) => outcome switch
    {
        ConfigurationOutcome.NotFound => CountyNotFound(),
        ConfigurationOutcome.ReadOnly => ReadOnly(),
        ConfigurationOutcome.Stale stale => Problems.Problem(StatusCodes.Status412PreconditionFailed, "configuration-changed", "配置已被其他人修改",
            "在您打开之后，其他工作人员修改了本县的配置。请刷新，看过最新的配置后再修改。", new Dictionary<string, object?> { ["currentVersion"] = stale.CurrentVersion }),
        ConfigurationOutcome.Invalid invalid => Invalid(invalid.Errors),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
    };

    /// <summary>"v7" (quoted, as HTTP wants it) for version 7; anything else is no version of ours.</summary>
    internal static string ETag(County county) => $"\"v{county.Version}\"";

    internal static int? Version(string? ifMatch) =>
        ifMatch is { Length: > 3 } && ifMatch.StartsWith("\"v", StringComparison.Ordinal) && ifMatch.EndsWith('"')
            && int.TryParse(ifMatch.AsSpan(2, ifMatch.Length - 3), System.Globalization.NumberStyles.None, null, out var version)
            ? version
            : null;

    internal static ProblemHttpResult VersionRequired(string? ifMatch) => ifMatch is null
        ? Problems.Problem(StatusCodes.Status428PreconditionRequired, "version-required", "请先读取当前配置",
            "修改配置时须带上读取时的版本（If-Match 请求头），以免覆盖其他工作人员刚做的修改。")
        // A tag that was never ours matches no version: the same answer as a stale one.
        : Problems.Problem(StatusCodes.Status412PreconditionFailed, "configuration-changed", "配置已被其他人修改",
            "请刷新，看过最新的配置后再修改。");

    private static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) => Problems.Problem(
        StatusCodes.Status422UnprocessableEntity, "invalid-configuration", "配置有误", "请按提示修改标出的内容，本次没有保存任何修改。",
        new Dictionary<string, object?> { ["errors"] = errors });

    private static ProblemHttpResult UnreadableFile(string? path, long? lineNumber) => Problems.Problem(
        StatusCodes.Status400BadRequest, "unreadable-configuration", "配置文件无法读取",
        "文件不是有效的配置文件" + (lineNumber is { } line ? $"（第 {line + 1} 行附近）" : "") + "，本次没有保存任何修改。请从本系统导出配置后在其基础上修改。",
        new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [path ?? "$"] = ["这一项的格式或类型不对（例如数字写成了文字，或时间格式不对）。"] } });

    private static ProblemHttpResult UnknownStep() => Problems.NotFound("没有这个环节",
        "环节应为 Publication、Registration、Correction、Review、Lottery 或 Results。");

    private static ProblemHttpResult ReadOnly() => Problems.ReadOnly("没有修改权限",
        "只有本县教育局招生工作人员可以修改招生配置，您可以查看。");

    private static ProblemHttpResult CountyNotFound() => Problems.NotFound("没有找到该县区",
        "请确认县区编号；只能查看本人所属县区的配置。");
}

/// <summary>A window for one step: for a stage (county-wide) or one school; effectiveAt schedules it ahead.</summary>
public sealed record WindowBody(Stage? Stage, string? SchoolId, DateTimeOffset? Opens, DateTimeOffset? Closes, DateTimeOffset? EffectiveAt, string? Reason);

/// <param name="Message">What parents are shown while paused.</param>
public sealed record PauseBody(string? Message, DateTimeOffset? EffectiveAt, string? Reason);

public sealed record ResumeBody(DateTimeOffset? EffectiveAt, string? Reason);

public sealed record ImportView(bool Stored, int Version, ConfigurationDiff Diff);

/// <param name="AsOf">The server's time of this reading: "now" for the page (close early = close at this instant).</param>
public sealed record ConfigurationView(
    DateTimeOffset AsOf,
    string CountyId,
    string Name,
    int EnrollmentYear,
    int Version,
    AgeRule AgeRule,
    IReadOnlyList<School> Schools,
    IReadOnlyList<WindowSettingView> Windows,
    string? PauseMessage,
    IReadOnlyList<CalendarChange> Scheduled)
{
    public static ConfigurationView From(County county, DateTimeOffset now)
    {
        var calendar = county.Calendar.AsOf(now);
        return new ConfigurationView(now, county.Id, county.Name, county.EnrollmentYear, county.Version, county.AgeRule, county.Schools,
            calendar.Windows.Select(w => new WindowSettingView(w.Kind, w.Stage, w.SchoolId, w.Window!.Opens, w.Window.Closes,
                w.Window.StateAt(now), w.Window.Describe())).ToList(),
            calendar.Pause?.Message,
            calendar.Scheduled);
    }
}

/// <param name="State">The window's own state; while paused every window reads as closed to parents (see pauseMessage).</param>
public sealed record WindowSettingView(WindowKind Kind, Stage? Stage, string? SchoolId, DateTimeOffset Opens, DateTimeOffset Closes, WindowState State, string Text);
