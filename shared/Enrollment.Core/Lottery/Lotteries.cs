using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Lottery;

public enum LotteryState
{
    Frozen,
    Drawn,
}

/// <summary>
/// One school's lottery for one year: the frozen list's hash and, once drawn, the announced values, the seed and
/// the transcript's hash. The list and the transcript themselves are write-once files in the archive.
/// </summary>
public sealed record LotteryRecord(
    string Id,
    string CountyId,
    string SchoolId,
    int Year,
    int Places,
    int Applicants,
    LotteryState State,
    string ListSha256,
    DateTimeOffset FrozenAt,
    string FrozenBy,
    SeedInputs? Inputs = null,
    string? Seed = null,
    string? TranscriptSha256 = null,
    DateTimeOffset? DrawnAt = null,
    string? DrawnBy = null,
    int Draw = 1,
    IReadOnlyList<LotteryRerun>? Reruns = null)
{
    public static string IdFor(int year, string schoolId) => $"{year}-{schoolId}";

    public string ListName => $"{CountyId}/{Id}/list.txt";

    /// <summary>The current draw's transcript; an audited re-run writes a new one and keeps every earlier one.</summary>
    public string TranscriptName => TranscriptNameFor(Draw);

    public string TranscriptNameFor(int draw) => draw == 1 ? $"{CountyId}/{Id}/transcript.txt" : $"{CountyId}/{Id}/transcript-{draw}.txt";
}

/// <summary>A draw set aside by an audited re-run: why, when, by whom, and what it was.</summary>
public sealed record LotteryRerun(int Draw, string Reason, DateTimeOffset At, string By, SeedInputs Inputs, string TranscriptSha256);

/// <summary>What a family sees of the lottery on its application: its pseudonym and, after the draw, its number and place.</summary>
public sealed record LotteryTicket(string LotteryId, string Pseudonym, string? Number = null, int? Position = null, bool? Offered = null, DateTimeOffset? OfferExpires = null);

public interface ILotteryStore
{
    Task<Versioned<LotteryRecord>?> GetAsync(string countyId, string lotteryId, CancellationToken cancellationToken);

    /// <summary>False when the school's lottery for the year exists already.</summary>
    Task<bool> TryCreateAsync(LotteryRecord record, CancellationToken cancellationToken);

    Task<bool> TryReplaceAsync(LotteryRecord record, string etag, CancellationToken cancellationToken);

    Task<IReadOnlyList<LotteryRecord>> ListAsync(string countyId, CancellationToken cancellationToken);
}

/// <summary>Write-once files (immutable storage in Azure): a name once written is never written again.</summary>
public interface ILotteryArchive
{
    /// <summary>True when written now, or when the same bytes were there already (a repeated step); false when other bytes are.</summary>
    Task<bool> WriteOnceAsync(string name, byte[] content, CancellationToken cancellationToken);

    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken);
}

public abstract record OfferOutcome
{
    private OfferOutcome()
    {
    }

    public sealed record Done(Application Application) : OfferOutcome;

    public sealed record NotFound : OfferOutcome;

    public sealed record NotOffered(string Reason) : OfferOutcome;
}

public abstract record LotteryOutcome
{
    private LotteryOutcome()
    {
    }

    public sealed record Done(LotteryRecord Record) : LotteryOutcome;

    public sealed record NotFound : LotteryOutcome;

    public sealed record ReadOnly : LotteryOutcome;

    /// <summary>The step cannot be taken now; the sentence says why, for the officer.</summary>
    public sealed record Refused(LotteryRefusal Reason, string Detail) : LotteryOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : LotteryOutcome;
}

public enum LotteryRefusal
{
    /// <summary>Outside the school's lottery window.</summary>
    WindowClosed,

    /// <summary>No more eligible applicants than places: all are admitted, there is nothing to draw.</summary>
    NotOversubscribed,

    AlreadyFrozen,
    NotFrozen,
    AlreadyDrawn,

    /// <summary>A family has confirmed or declined its place, so the draw cannot be run again.</summary>
    FamiliesAnswered,
}

/// <summary>
/// The bureau runs a school's lottery in two steps, both in the school's lottery window: freeze the eligible
/// applicants (published before any random value exists), then draw with the two announced values. Each step is
/// audited, each file write-once, and a school's lottery is drawn once: a second draw with other values is
/// refused, while repeating the same draw (after a failure half-way) only finishes it.
/// </summary>
public sealed class Lotteries(
    ICountyStore counties, IApplicationStore applications, ILotteryStore store, ILotteryArchive archive,
    PersonalDataProtector protector, IAuditLog audit, TimeProvider time)
{
    private const int PageSize = 200;

    /// <summary>How long a family has to confirm a place before it passes to the next on the waitlist.</summary>
    public static readonly TimeSpan OfferPeriod = TimeSpan.FromDays(3);

    /// <summary>Tier by priority claim: 优抚 families first, then siblings at the school (once the school confirmed it), then everyone else.</summary>
    public static int TierOf(Application application) =>
        application.PriorityClaims.Any(c => c.Kind == PriorityKind.MartyrOrServiceFamily) ? 0
        : application.HasConfirmedSibling ? 1
        : 2;

    public async Task<IReadOnlyList<LotteryRecord>?> ListAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken) =>
        staff.CanAudit(countyId) ? await store.ListAsync(countyId, cancellationToken) : null;

    public async Task<LotteryOutcome> FreezeAsync(StaffAccount staff, string countyId, string schoolId, CancellationToken cancellationToken)
    {
        if (await InScopeAsync(staff, countyId, schoolId, cancellationToken) is not { } found)
        {
            return new LotteryOutcome.NotFound();
        }

        var (county, school) = found;
        if (!staff.CanConfigure(countyId))
        {
            return new LotteryOutcome.ReadOnly();
        }

        var now = time.GetUtcNow();
        if (!county.WindowFor(WindowKind.Lottery, school, now).IsOpen)
        {
            return new LotteryOutcome.Refused(LotteryRefusal.WindowClosed, "只能在本校的随机派位时间内冻结名单和派位，请先在配置中设置派位时间。");
        }

        var eligible = await EligibleAsync(school.Id, county.EnrollmentYear, cancellationToken);
        if (eligible.Count <= school.Plan.Places)
        {
            return new LotteryOutcome.Refused(LotteryRefusal.NotOversubscribed,
                $"符合条件的报名 {eligible.Count} 人，未超过招生计划 {school.Plan.Places} 人，全部录取，不需要随机派位。");
        }

        // At a public school with an admission order (招生顺位), only the category that does not fit whole is drawn, for the places left.
        var places = school.Plan.Places;
        if (Admission.AdmissionOrders.Rank(county, school, eligible) is { LotteryCategory: not null } ranking)
        {
            (eligible, places) = ([.. ranking.Lottery], ranking.LotteryPlaces);
        }
        else if (school.Kind == SchoolKind.Public && county.AdmissionOrderFor(school.Stage) is not null)
        {
            return new LotteryOutcome.Refused(LotteryRefusal.NotOversubscribed, "按招生顺位，各类别在招生计划内依次录取，其余由教育局统筹安排，不需要随机派位。");
        }

        var key = CountyKey(countyId);
        var list = LotteryProtocol.Freeze(new LotteryHeader(countyId, county.EnrollmentYear, school.Id, places),
            eligible.Select(a => new LotteryEntrant(a.Id, TierOf(a), MultipleBirthKey(a))), key);
        var record = new LotteryRecord(LotteryRecord.IdFor(county.EnrollmentYear, school.Id), countyId, school.Id, county.EnrollmentYear,
            places, list.Entries.Count, LotteryState.Frozen, list.Sha256, now, staff.Id);
        if (!await archive.WriteOnceAsync(record.ListName, list.Bytes, cancellationToken) || !await store.TryCreateAsync(record, cancellationToken))
        {
            return new LotteryOutcome.Refused(LotteryRefusal.AlreadyFrozen, "本校今年的派位名单已经冻结，不能再次冻结。");
        }

        foreach (var application in eligible)
        {
            var ticket = new LotteryTicket(record.Id, LotteryProtocol.Pseudonym(key, application.Id));
            await applications.UpdateAsync(application.Id, application.SchoolId, a => a.Status == ApplicationStatus.Eligible
                ? a.MoveTo(ApplicationStatus.LotteryPending, now, Actor.Bureau, null) with { Lottery = ticket }
                : null, cancellationToken);
        }

        await AuditAsync(staff, record, AuditActions.FreezeLottery, $"applicants={record.Applicants}; places={record.Places}; list-sha256={record.ListSha256}", now, cancellationToken);
        return new LotteryOutcome.Done(record);
    }

    /// <summary>
    /// Draws once. With a stated reason, an officer may draw again with new values (say the public draw was
    /// declared void) as long as no family has confirmed or given up a place yet: both transcripts stay public.
    /// </summary>
    public async Task<LotteryOutcome> DrawAsync(StaffAccount staff, string countyId, string schoolId, SeedInputs inputs, string? rerunReason, CancellationToken cancellationToken)
    {
        if (await InScopeAsync(staff, countyId, schoolId, cancellationToken) is not { } found)
        {
            return new LotteryOutcome.NotFound();
        }

        var (county, school) = found;
        if (!staff.CanConfigure(countyId))
        {
            return new LotteryOutcome.ReadOnly();
        }

        if (LotteryProtocol.Validate(inputs) is { Count: > 0 } errors)
        {
            return new LotteryOutcome.Invalid(errors);
        }

        var versioned = await store.GetAsync(countyId, LotteryRecord.IdFor(county.EnrollmentYear, school.Id), cancellationToken);
        if (versioned is not { Value: var record })
        {
            return new LotteryOutcome.Refused(LotteryRefusal.NotFrozen, "请先冻结本校的派位名单并公布，再进行派位。");
        }

        var rerun = record.State == LotteryState.Drawn && record.Inputs != inputs;
        if (rerun && rerunReason is null)
        {
            return new LotteryOutcome.Refused(LotteryRefusal.AlreadyDrawn, "本校今年已经派位，结果已公布，不能再次派位。如确需重新派位，请写明原因。");
        }

        if (rerun && !ApplicationFormValidation.IsPlainText(rerunReason, 4, 500))
        {
            return new LotteryOutcome.Invalid(new Dictionary<string, string[]> { ["rerunReason"] = ["请写明重新派位的原因（4至500字），它会和两次派位记录一起公开并记入审计日志。"] });
        }

        if (rerun && await AnsweredAsync(record, cancellationToken))
        {
            return new LotteryOutcome.Refused(LotteryRefusal.FamiliesAnswered, "已有家庭确认入学或放弃学位，不能再重新派位。");
        }

        var now = time.GetUtcNow();
        if (!county.WindowFor(WindowKind.Lottery, school, now).IsOpen)
        {
            return new LotteryOutcome.Refused(LotteryRefusal.WindowClosed, "只能在本校的随机派位时间内派位。");
        }

        var list = LotteryProtocol.ParseList(await archive.ReadAsync(record.ListName, cancellationToken) ?? [])
            ?? throw new InvalidOperationException($"The frozen list of lottery {record.Id} is missing or damaged.");
        var result = LotteryProtocol.Draw(list, inputs);
        var draw = rerun ? record.Draw + 1 : record.Draw;
        if (!await archive.WriteOnceAsync(record.TranscriptNameFor(draw), result.Transcript, cancellationToken))
        {
            return new LotteryOutcome.Refused(LotteryRefusal.AlreadyDrawn, "本校今年已经派位，结果已公布，不能再次派位。");
        }

        if (record.State == LotteryState.Frozen || rerun)
        {
            var drawn = record with
            {
                State = LotteryState.Drawn, Inputs = inputs, Seed = result.Seed,
                TranscriptSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(result.Transcript)), DrawnAt = now, DrawnBy = staff.Id,
                Draw = draw,
                Reruns = rerun ? [.. record.Reruns ?? [], new LotteryRerun(record.Draw, rerunReason!.Trim(), now, staff.Id, record.Inputs!, record.TranscriptSha256!)] : record.Reruns,
            };
            if (!await store.TryReplaceAsync(drawn, versioned.ETag, cancellationToken))
            {
                return new LotteryOutcome.Refused(LotteryRefusal.AlreadyDrawn, "另一位工作人员刚刚完成了本校的派位，请刷新查看结果。");
            }

            record = drawn;
            await AuditAsync(staff, record, AuditActions.DrawLottery, $"draw={draw}; seed={record.Seed}; transcript-sha256={record.TranscriptSha256}" + (rerun ? $"; rerun-reason={rerunReason!.Trim()}" : ""), now, cancellationToken);
        }

        // The families' own applications learn their number and place; repeated, this changes nothing.
        var drawnBy = result.Order.ToDictionary(e => e.Pseudonym, StringComparer.Ordinal);
        await foreach (var application in PendingAsync(record, cancellationToken))
        {
            // The freeze gave each application its pseudonym; the draw only looks it up.
            if (!drawnBy.TryGetValue(application.Lottery!.Pseudonym, out var entry))
            {
                continue;
            }

            var status = entry.Offered ? ApplicationStatus.Offered : ApplicationStatus.Waitlisted;
            var ticket = new LotteryTicket(record.Id, entry.Pseudonym, entry.Number, entry.Position, entry.Offered, entry.Offered ? now.Add(OfferPeriod) : null);
            await applications.UpdateAsync(application.Id, application.SchoolId, a =>
                a.Status is not (ApplicationStatus.LotteryPending or ApplicationStatus.Offered or ApplicationStatus.Waitlisted) || a.Lottery?.Number == entry.Number ? null
                : (a.Status == status ? a : a.MoveTo(status, now, Actor.Bureau, draw > 1 ? "重新派位" : null)) with { Lottery = ticket },
                cancellationToken);
        }

        return new LotteryOutcome.Done(record);
    }

    /// <summary>The family confirms the place (admitted) or gives it up (declined), which passes it down the waitlist at once.</summary>
    public async Task<OfferOutcome> RespondAsync(string parentId, ApplicationReference reference, bool accept, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await applications.GetApplicationAsync(reference.ApplicationId, reference.SchoolId, cancellationToken);
        if (current is null || current.ParentId != parentId)
        {
            return new OfferOutcome.NotFound();
        }

        if (await counties.GetAsync(current.CountyId, cancellationToken) is { } county && county.IsPastYear(current))
        {
            return new OfferOutcome.NotOffered(County.PastYearReason(current.EnrollmentYear));
        }

        if (current.Status != ApplicationStatus.Offered || current.Lottery?.OfferExpires <= now)
        {
            return new OfferOutcome.NotOffered(current.Status == ApplicationStatus.Offered
                ? "确认期限已过，学位已按顺序递补给候补家庭。"
                : "这份报名目前没有待确认的学位。");
        }

        var changed = await applications.UpdateAsync(current.Id, current.SchoolId, a => a.Status == ApplicationStatus.Offered
            ? a.MoveTo(accept ? ApplicationStatus.Admitted : ApplicationStatus.Declined, now, Actor.Parent, accept ? "家长确认入学" : "家长放弃学位")
            : null, cancellationToken);
        if (changed is null || changed.Status is not (ApplicationStatus.Admitted or ApplicationStatus.Declined))
        {
            return new OfferOutcome.NotOffered("这份报名目前没有待确认的学位。");
        }

        if (!accept && await store.GetAsync(changed.CountyId, changed.Lottery!.LotteryId, cancellationToken) is { } lottery)
        {
            await CascadeAsync(lottery.Value, now, cancellationToken);
        }

        return new OfferOutcome.Done(changed);
    }

    /// <summary>
    /// Offers lapse at their deadline and pass down the waitlist. Run by the timer; a second run finds nothing
    /// to do, and a late run treats every lapsed offer the same way.
    /// </summary>
    public async Task<int> ExpireOffersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lapsed = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            foreach (var record in (await store.ListAsync(county.Id, cancellationToken)).Where(r => r.State == LotteryState.Drawn && r.Year == county.EnrollmentYear))
            {
                await foreach (var offered in applications.ListByStatusAsync(record.SchoolId, record.Year, ApplicationStatus.Offered, cancellationToken))
                {
                    if (offered.Lottery?.OfferExpires <= now && await applications.UpdateAsync(offered.Id, offered.SchoolId,
                            a => a.Status == ApplicationStatus.Offered && a.Lottery?.OfferExpires <= now ? a.MoveTo(ApplicationStatus.Declined, now, Actor.System, "逾期未确认，视为放弃") : null,
                            cancellationToken) is { Status: ApplicationStatus.Declined })
                    {
                        lapsed++;
                    }
                }

                await CascadeAsync(record, now, cancellationToken);
            }
        }

        return lapsed;
    }

    /// <summary>
    /// Fills the school's free places from the waitlist in draw order (a bundle whole while a place remains), each
    /// with a fresh deadline. Who is next depends only on the draw, so two cascades at once offer the same family.
    /// </summary>
    private async Task CascadeAsync(LotteryRecord lottery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (lottery.State != LotteryState.Drawn)
        {
            return;
        }

        var (countyId, schoolId) = (lottery.CountyId, lottery.SchoolId);
        var taken = await applications.CountAsync(schoolId, lottery.Year, [ApplicationStatus.Offered, ApplicationStatus.Admitted], cancellationToken);
        var free = lottery.Places - taken;
        if (free <= 0)
        {
            return;
        }

        var waiting = new List<Application>();
        await foreach (var application in applications.ListByStatusAsync(schoolId, lottery.Year, ApplicationStatus.Waitlisted, cancellationToken))
        {
            if (application.Lottery?.LotteryId == lottery.Id && application.Lottery.Position is not null)
            {
                waiting.Add(application);
            }
        }

        var offered = 0;
        foreach (var bundle in waiting.GroupBy(a => a.Lottery!.Number).OrderBy(g => g.Min(a => a.Lottery!.Position)))
        {
            if (free <= 0)
            {
                break;
            }

            offered += bundle.Count();

            foreach (var application in bundle)
            {
                await applications.UpdateAsync(application.Id, application.SchoolId, a => a.Status == ApplicationStatus.Waitlisted
                    ? a.MoveTo(ApplicationStatus.Offered, now, Actor.Bureau, "候补递补") with { Lottery = a.Lottery! with { Offered = true, OfferExpires = now.Add(OfferPeriod) } }
                    : null, cancellationToken);
            }

            free -= bundle.Count();
        }

        if (offered > 0)
        {
            await audit.AppendAsync(AuditEntry.BySystem(countyId, now, AuditActions.CascadeLottery, "lottery", lottery.Id, $"offered={offered}; taken={taken}; places={lottery.Places}"), cancellationToken);
        }
    }

    /// <summary>A lottery as the public sees it: null until its list is frozen.</summary>
    public async Task<LotteryRecord?> PublishedAsync(string countyId, string schoolId, CancellationToken cancellationToken) =>
        await counties.GetAsync(countyId, cancellationToken) is { } county && county.FindSchool(schoolId) is { } school
            ? (await store.GetAsync(countyId, LotteryRecord.IdFor(county.EnrollmentYear, school.Id), cancellationToken))?.Value
            : null;

    public Task<byte[]?> FileAsync(string name, CancellationToken cancellationToken) => archive.ReadAsync(name, cancellationToken);

    /// <summary>Twins and other multiples: the same guardian's children born the same day, drawn as one.</summary>
    private static string MultipleBirthKey(Application application) => $"{application.ParentId}|{application.Child.BirthDate:yyyy-MM-dd}";

    /// <summary>An application's pseudonym in its county: the same in the lottery and in the class lists.</summary>
    public string PseudonymOf(string countyId, string applicationId) => LotteryProtocol.Pseudonym(CountyKey(countyId), applicationId);

    /// <summary>The county's pseudonym key, derived from the identity hash key: stable, secret, and no other county's.</summary>
    private byte[] CountyKey(string countyId) => Convert.FromHexString(protector.KeyedHash($"lottery-pseudonym|{countyId}"));

    private async Task<(County County, School School)?> InScopeAsync(StaffAccount staff, string countyId, string schoolId, CancellationToken cancellationToken) =>
        staff.CanAudit(countyId) && await counties.GetAsync(countyId, cancellationToken) is { } county && county.FindSchool(schoolId) is { } school
            ? (county, school)
            : null;

    private async Task<List<Application>> EligibleAsync(string schoolId, int year, CancellationToken cancellationToken)
    {
        var found = new List<Application>();
        string? continuation = null;
        do
        {
            var page = await applications.QueryAsync(schoolId, year, new ApplicationQuery([ApplicationStatus.Eligible]), PageSize, continuation, cancellationToken)
                ?? throw new InvalidOperationException("The store refused its own continuation token.");
            found.AddRange(page.Applications.Select(a => a.Value));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return found;
    }

    /// <summary>Whether any family has confirmed or given up a place from this lottery.</summary>
    private async Task<bool> AnsweredAsync(LotteryRecord lottery, CancellationToken cancellationToken)
    {
        foreach (var status in new[] { ApplicationStatus.Admitted, ApplicationStatus.Declined })
        {
            await foreach (var application in applications.ListByStatusAsync(lottery.SchoolId, lottery.Year, status, cancellationToken))
            {
                if (application.Lottery?.LotteryId == lottery.Id)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The applications in this lottery still waiting on the draw: not yet drawn, or offered or waiting but not answered.</summary>
    private async IAsyncEnumerable<Application> PendingAsync(LotteryRecord lottery, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await applications.QueryAsync(lottery.SchoolId, lottery.Year, new ApplicationQuery([ApplicationStatus.LotteryPending, ApplicationStatus.Offered, ApplicationStatus.Waitlisted]), PageSize, continuation, cancellationToken)
                ?? throw new InvalidOperationException("The store refused its own continuation token.");
            foreach (var application in page.Applications.Select(a => a.Value).Where(a => a.Lottery?.LotteryId == lottery.Id))
            {
                yield return application;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    private Task AuditAsync(StaffAccount staff, LotteryRecord record, string action, string after, DateTimeOffset now, CancellationToken cancellationToken) =>
        audit.AppendAsync(AuditEntry.By(staff, record.CountyId, now, action, "lottery", record.Id, after: after, id: $"{record.CountyId}.lottery.{record.Id}.{action}.{record.Draw}"), cancellationToken);
}
