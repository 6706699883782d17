using Enrollment.Core.Counties;
using Enrollment.Core.Lottery;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Bureau;

/// <summary>随机派位: the county's officers freeze and draw each oversubscribed school's lottery; anyone reads the list and the transcript.</summary>
public static class LotteryApi
{
    public static IEndpointRouteBuilder MapLotteryApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff/counties/{countyId}/lotteries").WithTags("Bureau").RequireAuthorization(StaffAuthenticationHandler.Policy);
        staff.MapGet("/", ListAsync).WithName("ListLotteries")
            .WithSummary("The county's lotteries this year: frozen or drawn, with their hashes and announced values.");
        staff.MapPost("/{schoolId}/freeze", FreezeAsync).WithName("FreezeLottery")
            .WithSummary("Freezes the school's eligible applicants under pseudonyms and publishes the list and its SHA-256; once per school and year, in the lottery window.");
        staff.MapPost("/{schoolId}/draw", DrawAsync).WithName("DrawLottery")
            .WithSummary("Draws with the announced public value (and its source) and the live value; stores the write-once transcript; a second draw is refused.");

        staff.MapPost("/{schoolId}/classes", AssignClassesAsync).WithName("AssignClasses")
            .WithSummary("均衡分班: deals the school's admitted children into its classes by sex and birth month from two announced values; once, published.");

        var open = app.MapGroup("/api/public/counties/{countyId}/lotteries/{schoolId}").WithTags("Public");
        open.MapGet("/", PublishedAsync).WithName("GetPublishedLottery")
            .WithSummary("A school's lottery as published: the list's hash and, once drawn, the values, the seed and the transcript's hash.");
        open.MapGet("/list.txt", ListFileAsync).WithName("GetLotteryList")
            .WithSummary("The frozen list exactly as hashed (UTF-8, LF).");
        open.MapGet("/transcript.txt", TranscriptFileAsync).WithName("GetLotteryTranscript")
            .WithSummary("The transcript exactly as stored; `Enrollment.Functions verify-lottery` recomputes it.");
        open.MapGet("/transcript-{draw:int}.txt", EarlierTranscriptFileAsync).WithName("GetEarlierLotteryTranscript")
            .WithSummary("A transcript set aside by an audited re-run (the first is transcript-1.txt), kept public beside the current one.");
        open.MapGet("/classes.txt", ClassesFileAsync).WithName("GetClassList")
            .WithSummary("The school's class assignment: the announced values, the seed, then one pseudonym and class per line.");
        return app;
    }

    public static async Task<Results<Ok<LotteryView[]>, ProblemHttpResult>> ListAsync(
        string countyId, SignedInStaff staff, Lotteries lotteries, CancellationToken cancellationToken) =>
        await lotteries.ListAsync(staff, countyId, cancellationToken) is { } list
            ? TypedResults.Ok(list.Select(LotteryView.From).ToArray())
            : Problems.NotFound();

    public static async Task<Results<Ok<LotteryView>, ValidationProblem, ProblemHttpResult>> FreezeAsync(
        string countyId, string schoolId, SignedInStaff staff, Lotteries lotteries, CancellationToken cancellationToken) =>
        Answer(await lotteries.FreezeAsync(staff, countyId, schoolId, cancellationToken));

    public static async Task<Results<Ok<LotteryView>, ValidationProblem, ProblemHttpResult>> DrawAsync(
        string countyId, string schoolId, DrawRequest request, SignedInStaff staff, Lotteries lotteries, CancellationToken cancellationToken) =>
        Answer(await lotteries.DrawAsync(staff, countyId, schoolId, new SeedInputs(request.PublicValue ?? "", request.PublicSource ?? "", request.LiveValue ?? ""), request.RerunReason, cancellationToken));

    public static async Task<Results<Ok<LotteryView>, ProblemHttpResult>> PublishedAsync(
        string countyId, string schoolId, Lotteries lotteries, CancellationToken cancellationToken) =>
        await lotteries.PublishedAsync(countyId, schoolId, cancellationToken) is { } record
            ? TypedResults.Ok(LotteryView.From(record))
            : NotYet();

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ListFileAsync(
        string countyId, string schoolId, Lotteries lotteries, CancellationToken cancellationToken) =>
        await lotteries.PublishedAsync(countyId, schoolId, cancellationToken) is { } record && await lotteries.FileAsync(record.ListName, cancellationToken) is { } bytes
            ? TypedResults.File(bytes, "text/plain; charset=utf-8", $"{record.Id}-list.txt")
            : NotYet();

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> TranscriptFileAsync(
        string countyId, string schoolId, Lotteries lotteries, CancellationToken cancellationToken) =>
        await lotteries.PublishedAsync(countyId, schoolId, cancellationToken) is { State: LotteryState.Drawn } record && await lotteries.FileAsync(record.TranscriptName, cancellationToken) is { } bytes
            ? TypedResults.File(bytes, "text/plain; charset=utf-8", $"{record.Id}-transcript.txt")
            : NotYet();

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> EarlierTranscriptFileAsync(
        string countyId, string schoolId, int draw, Lotteries lotteries, CancellationToken cancellationToken) =>
        await lotteries.PublishedAsync(countyId, schoolId, cancellationToken) is { State: LotteryState.Drawn } record && draw >= 1 && draw <= record.Draw
            && await lotteries.FileAsync(record.TranscriptNameFor(draw), cancellationToken) is { } bytes
            ? TypedResults.File(bytes, "text/plain; charset=utf-8", $"{record.Id}-transcript-{draw}.txt")
            : NotYet();

    public static async Task<Results<Ok<ClassAssignmentView>, ValidationProblem, ProblemHttpResult>> AssignClassesAsync(
        string countyId, string schoolId, DrawRequest request, SignedInStaff staff, ClassAssignments classes, CancellationToken cancellationToken) =>
        await classes.AssignAsync(staff, countyId, schoolId, new SeedInputs(request.PublicValue ?? "", request.PublicSource ?? "", request.LiveValue ?? ""), cancellationToken) switch
        {
            ClassAssignmentOutcome.Done done => TypedResults.Ok(new ClassAssignmentView(done.Seed, done.Children, done.Classes)),
            ClassAssignmentOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            ClassAssignmentOutcome.ReadOnly => Problems.ReadOnly("没有分班权限", "只有本县教育局招生工作人员可以分班，您可以查看。"),
            ClassAssignmentOutcome.Refused refused => Problems.Problem(StatusCodes.Status409Conflict, refused.Reason switch
            {
                ClassAssignmentRefusal.NobodyAdmitted => ("nobody-admitted", "还没有录取的学生"),
                ClassAssignmentRefusal.TooFewClasses => ("classes-too-few", "班级数不够"),
                _ => ("classes-assigned", "已经分班"),
            }, refused.Detail),
            _ => SchoolNotFound(),
        };

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ClassesFileAsync(
        string countyId, string schoolId, ICountyStore counties, Lotteries lotteries, CancellationToken cancellationToken) =>
        await counties.GetAsync(countyId, cancellationToken) is { } county && county.FindSchool(schoolId) is { } school
            && await lotteries.FileAsync(ClassAssignments.FileName(countyId, county.EnrollmentYear, school.Id), cancellationToken) is { } bytes
            ? TypedResults.File(bytes, "text/plain; charset=utf-8", $"{LotteryRecord.IdFor(county.EnrollmentYear, school.Id)}-classes.txt")
            : Problems.Problem(StatusCodes.Status404NotFound, "classes-not-published", "还没有分班", "分班结果会在教育局公开分班后在这里公布。");

    private static Results<Ok<LotteryView>, ValidationProblem, ProblemHttpResult> Answer(LotteryOutcome outcome) => outcome switch
    {
        LotteryOutcome.Done done => TypedResults.Ok(LotteryView.From(done.Record)),
        LotteryOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
        LotteryOutcome.ReadOnly => Problems.ReadOnly("没有派位权限", "只有本县教育局招生工作人员可以冻结名单和派位，您可以查看。"),
        LotteryOutcome.Refused refused => Problems.Problem(StatusCodes.Status409Conflict, refused.Reason switch
        {
            LotteryRefusal.WindowClosed => ("lottery-window-closed", "不在派位时间内"),
            LotteryRefusal.NotOversubscribed => ("not-oversubscribed", "无需派位"),
            LotteryRefusal.AlreadyFrozen => ("lottery-exists", "名单已冻结"),
            LotteryRefusal.NotFrozen => ("lottery-not-frozen", "名单还未冻结"),
            LotteryRefusal.AlreadyDrawn => ("lottery-drawn", "已经派位"),
            _ => ("lottery-answered", "不能重新派位"),
        }, refused.Detail),
        _ => SchoolNotFound(),
    };

    private static ProblemHttpResult SchoolNotFound() => Problems.NotFound("没有找到这所学校", "请确认学校编号；只能为本县的学校派位和分班。");

    private static ProblemHttpResult NotYet() => Problems.Problem(StatusCodes.Status404NotFound, "lottery-not-published", "还没有派位信息",
        "该校尚未冻结派位名单或尚未派位；名单和派位结果会在教育局公布的派位时间公开。");
}

/// <summary>The announced values; a re-run of a drawn lottery also states why.</summary>
public sealed record DrawRequest(string? PublicValue, string? PublicSource, string? LiveValue, string? RerunReason = null);

public sealed record LotteryView(string Id, string SchoolId, int Year, int Places, int Applicants, LotteryState State, string ListSha256,
    DateTimeOffset FrozenAt, SeedInputs? Inputs, string? Seed, string? TranscriptSha256, DateTimeOffset? DrawnAt, int Draw, IReadOnlyList<LotteryRerun> Reruns)
{
    public static LotteryView From(LotteryRecord r) =>
        new(r.Id, r.SchoolId, r.Year, r.Places, r.Applicants, r.State, r.ListSha256, r.FrozenAt, r.Inputs, r.Seed, r.TranscriptSha256, r.DrawnAt, r.Draw, r.Reruns ?? []);
}

public sealed record ClassAssignmentView(string Seed, int Children, int Classes);
