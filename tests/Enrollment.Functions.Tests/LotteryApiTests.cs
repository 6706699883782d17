using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Lottery;
using Enrollment.Core.Rules;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>The bureau freezes and draws an oversubscribed private school's lottery; anyone verifies it; each family sees its own line.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LotteryApiTests(LocalEmulators emulators) : IAsyncLifetime
{
    private const int Places = 3;
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private School _school = null!;
    private HttpClient _officer = null!;

    public async Task InitializeAsync()
    {
        (_county, _school) = await _app.WithLotteryAsync(await _app.CreateCountyAsync(), Places);
        _officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private string Staff => $"/api/staff/counties/{_county.Id}/lotteries/{_school.Id}";

    private string Public => $"/api/public/counties/{_county.Id}/lotteries/{_school.Id}";

    private static readonly object Values = new { publicValue = "2026094期 03 11 17 22 28 31 + 07", publicSource = "https://www.cwl.gov.cn/ygkj/wqkjgg/ssq/", liveValue = "4821" };

    /// <summary>Eligible applications: one family with twins, the rest one child each; the phones and application numbers.</summary>
    private async Task<List<(HttpClient Phone, string Id)>> EligibleAsync(int singles)
    {
        var found = new List<(HttpClient, string)>();
        var twinsPhone = await _app.NewParentAsync();
        var born = new DateOnly(2020, 2, 2);
        foreach (var twin in new[] { TestIdentity.ResidentId(born), TestIdentity.ResidentId(born) })
        {
            found.Add((twinsPhone, await twinsPhone.SubmitNewAsync(TestForms.Valid(_county.Id, _school.Id, twin))));
        }

        for (var i = 0; i < singles; i++)
        {
            var phone = await _app.NewParentAsync();
            found.Add((phone, await phone.SubmitNewAsync(TestForms.Valid(_county.Id, _school.Id, TestIdentity.ResidentId(new DateOnly(2020, 3, 1 + i))))));
        }

        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _school.Id);
        foreach (var (_, id) in found)
        {
            await reviewer.ApproveApplicationAsync(_school.Id, id);
        }

        return found;
    }

    [Fact]
    public async Task TheBureauFreezesThenDrawsAnyoneVerifiesTheTranscriptAndEachFamilySeesItsLine()
    {
        var families = await EligibleAsync(singles: 5);

        var frozen = await _officer.PostAsync($"{Staff}/freeze", null);

        Assert.Equal(HttpStatusCode.OK, frozen.StatusCode);
        var record = await frozen.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(7, record.GetProperty("applicants").GetInt32());
        var anyone = _app.CreateClient();
        var list = await anyone.GetByteArrayAsync($"{Public}/list.txt");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(list)), record.GetProperty("listSha256").GetString());
        Assert.All(families, f => Assert.DoesNotContain(f.Id, Encoding.UTF8.GetString(list)));
        var pending = await families[2].Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{families[2].Id}");
        Assert.Equal("LotteryPending", pending.GetProperty("status").GetString());
        var pseudonym = pending.GetProperty("lottery").GetProperty("pseudonym").GetString()!;
        Assert.Contains(pseudonym, Encoding.UTF8.GetString(list));
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"{Public}/transcript.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _officer.PostAsync($"{Staff}/freeze", null)).StatusCode);

        var drawn = await _officer.PostAsJsonAsync($"{Staff}/draw", Values);

        Assert.Equal(HttpStatusCode.OK, drawn.StatusCode);
        var transcript = await anyone.GetByteArrayAsync($"{Public}/transcript.txt");
        var verification = LotteryVerifier.Verify(transcript);
        Assert.True(verification.Identical, verification.ToString());
        var published = await anyone.GetFromJsonAsync<JsonElement>(Public);
        Assert.Equal("Drawn", published.GetProperty("state").GetString());
        Assert.Equal("4821", published.GetProperty("inputs").GetProperty("liveValue").GetString());

        var lines = new List<JsonElement>();
        foreach (var (phone, id) in families)
        {
            var application = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
            var line = application.GetProperty("lottery");
            Assert.Equal(line.GetProperty("offered").GetBoolean() ? "Offered" : "Waitlisted", application.GetProperty("status").GetString());
            Assert.Contains($"{line.GetProperty("position").GetInt32()} {line.GetProperty("pseudonym").GetString()} ", Encoding.UTF8.GetString(transcript));
            lines.Add(line);
        }

        Assert.Equal(Enumerable.Range(1, 7), lines.Select(l => l.GetProperty("position").GetInt32()).Order());
        Assert.Equal(lines[0].GetProperty("number").GetString(), lines[1].GetProperty("number").GetString());
        Assert.Equal(1, Math.Abs(lines[0].GetProperty("position").GetInt32() - lines[1].GetProperty("position").GetInt32()));
        var offered = lines.Count(l => l.GetProperty("offered").GetBoolean());
        Assert.InRange(offered, Places, Places + 1);

        // The same values again only finish the same draw; other values are a second draw, refused.
        Assert.Equal(HttpStatusCode.OK, (await _officer.PostAsJsonAsync($"{Staff}/draw", Values)).StatusCode);
        Assert.Equal(transcript, await anyone.GetByteArrayAsync($"{Public}/transcript.txt"));
        var again = await _officer.PostAsJsonAsync($"{Staff}/draw", new { publicValue = "2026095期 01", publicSource = "https://www.cwl.gov.cn/", liveValue = "1" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("已经派位", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        var log = await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_county.Id, new AuditQuery(null, null, record.GetProperty("id").GetString(), null, null), 10, null, CancellationToken.None);
        Assert.Equal([AuditActions.DrawLottery, AuditActions.FreezeLottery], log!.Entries.Select(e => e.Action).Order());
    }

    [Fact]
    public async Task AGivenUpOrLapsedPlacePassesDownTheWaitlistInDrawOrderUntilEveryPlaceIsTaken()
    {
        var families = await EligibleAsync(singles: 6);
        Assert.Equal(HttpStatusCode.OK, (await _officer.PostAsync($"{Staff}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _officer.PostAsJsonAsync($"{Staff}/draw", Values)).StatusCode);

        async Task<List<(HttpClient Phone, string Id, string Status, int Position, DateTimeOffset? Expires)>> StandingsAsync()
        {
            var standings = new List<(HttpClient, string, string, int, DateTimeOffset?)>();
            foreach (var (phone, id) in families)
            {
                var a = await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}");
                var expires = a.GetProperty("lottery").GetProperty("offerExpires");
                standings.Add((phone, id, a.GetProperty("status").GetString()!, a.GetProperty("lottery").GetProperty("position").GetInt32(),
                    expires.ValueKind == JsonValueKind.Null ? null : expires.GetDateTimeOffset()));
            }

            return standings.OrderBy(s => s.Item4).ToList();
        }

        // Every free place is offered, and always to the earliest in the draw who has not given one up.
        static void AssertFilledInOrder(List<(HttpClient Phone, string Id, string Status, int Position, DateTimeOffset? Expires)> standings)
        {
            var holding = standings.Count(s => s.Status is "Offered" or "Admitted");
            var waiting = standings.Where(s => s.Status == "Waitlisted").ToList();
            Assert.True(holding >= Places || waiting.Count == 0, $"{holding} places held while {waiting.Count} wait");
            Assert.All(waiting, w => Assert.All(standings.Where(s => s.Status is "Offered" or "Admitted"), h => Assert.True(h.Position < w.Position)));
        }

        var standings = await StandingsAsync();
        AssertFilledInOrder(standings);
        var first = standings.First(s => s.Status == "Offered" && families.IndexOf((s.Phone, s.Id)) >= 2);
        var accepted = await first.Phone.PostAsJsonAsync($"/api/parent/applications/{first.Id}/offer", new { accept = true });
        Assert.Equal("Admitted", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await first.Phone.PostAsJsonAsync($"/api/parent/applications/{first.Id}/offer", new { accept = false })).StatusCode);

        standings = await StandingsAsync();
        var giving = standings.First(s => s.Status == "Offered");
        var stranger = await _app.NewParentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/parent/applications/{giving.Id}/offer", new { accept = false })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await giving.Phone.PostAsJsonAsync($"/api/parent/applications/{giving.Id}/offer", new { })).StatusCode);
        var declined = await giving.Phone.PostAsJsonAsync($"/api/parent/applications/{giving.Id}/offer", new { accept = false });
        Assert.Equal("Declined", (await declined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        standings = await StandingsAsync();
        AssertFilledInOrder(standings);
        Assert.Contains(standings, s => s.Status == "Offered" && s.Position > giving.Position);

        // Nobody answers: at the deadline the timer lets the offers lapse and passes them on, once.
        _app.Time.Advance(Lotteries.OfferPeriod + TimeSpan.FromMinutes(1));
        Assert.Contains("Passed ", await _app.InvokeTimerAsync("ExpireOffers"));
        Assert.Contains("Passed 0 ", await _app.InvokeTimerAsync("ExpireOffers"));
        standings = await StandingsAsync();
        AssertFilledInOrder(standings);
        Assert.Contains(standings, s => s.Status == "Declined" && s.Id != giving.Id);
        Assert.All(standings.Where(s => s.Status == "Offered"), s => Assert.True(s.Expires > _app.Time.GetUtcNow()));
        Assert.Equal("Admitted", standings.Single(s => s.Id == first.Id).Status);

        // Nobody without a place goes unseen: the bureau's placement report lists each, with the catchment's public school.
        // (Three days on, the morning's officer session has long ended.)
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        var unplaced = (await officer.GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{_county.Id}/unplaced"))!;
        Assert.Equal(standings.Where(s => s.Status is "Declined" or "Waitlisted").Select(s => s.Id).Order(), unplaced.Select(u => u.GetProperty("applicationId").GetString()!).Order());
        Assert.All(unplaced, u => Assert.Contains(_county.Schools, s => s.Kind == SchoolKind.Public && s.Id == u.GetProperty("catchmentSchoolId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _school.Id)).GetAsync($"/api/staff/counties/{_county.Id}/unplaced")).StatusCode);

        // The bureau places the child who gave the place up at the catchment school: admitted there, the old application closed.
        var child = unplaced.Single(u => u.GetProperty("applicationId").GetString() == giving.Id);
        var place = $"/api/staff/counties/{_county.Id}/schools/{_school.Id}/applications/{giving.Id}/place";
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync(place, new { toSchoolId = _school.Id })).StatusCode);
        var placed = await officer.PostAsJsonAsync(place, new { toSchoolId = child.GetProperty("catchmentSchoolId").GetString() });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        var placedId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetString();
        Assert.Equal(placedId, (await (await officer.PostAsJsonAsync(place, new { toSchoolId = child.GetProperty("catchmentSchoolId").GetString() })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetString());
        var mine = (await giving.Phone.GetFromJsonAsync<JsonElement[]>("/api/parent/applications"))!;
        Assert.Equal("Admitted", mine.Single(a => a.GetProperty("id").GetString() == placedId).GetProperty("status").GetString());
        Assert.Equal(child.GetProperty("catchmentSchoolId").GetString(), mine.Single(a => a.GetProperty("id").GetString() == placedId).GetProperty("schoolId").GetString());
        Assert.Equal("NotAdmitted", mine.Single(a => a.GetProperty("id").GetString() == giving.Id).GetProperty("status").GetString());
        Assert.DoesNotContain((await officer.GetFromJsonAsync<JsonElement[]>($"/api/staff/counties/{_county.Id}/unplaced"))!, u => u.GetProperty("applicationId").GetString() == giving.Id);
    }

    [Fact]
    public async Task AnAuditedRerunNeedsAReasonKeepsBothTranscriptsAndEndsOnceAFamilyAnswers()
    {
        var families = await EligibleAsync(singles: 4);
        Assert.Equal(HttpStatusCode.OK, (await _officer.PostAsync($"{Staff}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _officer.PostAsJsonAsync($"{Staff}/draw", Values)).StatusCode);
        var anyone = _app.CreateClient();
        var first = await anyone.GetByteArrayAsync($"{Public}/transcript.txt");
        var other = new { publicValue = "2026095期 05 09 12 19 25 30 + 02", publicSource = "https://www.cwl.gov.cn/ygkj/wqkjgg/ssq/", liveValue = "7730" };

        Assert.Equal(HttpStatusCode.Conflict, (await _officer.PostAsJsonAsync($"{Staff}/draw", other)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _officer.PostAsJsonAsync($"{Staff}/draw", new { other.publicValue, other.publicSource, other.liveValue, rerunReason = "重" })).StatusCode);
        var rerun = await _officer.PostAsJsonAsync($"{Staff}/draw", new { other.publicValue, other.publicSource, other.liveValue, rerunReason = "福彩中心宣布2026094期开奖无效" });

        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        var record = await rerun.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, record.GetProperty("draw").GetInt32());
        Assert.Equal("福彩中心宣布2026094期开奖无效", Assert.Single(record.GetProperty("reruns").EnumerateArray()).GetProperty("reason").GetString());
        var second = await anyone.GetByteArrayAsync($"{Public}/transcript.txt");
        Assert.Equal(first, await anyone.GetByteArrayAsync($"{Public}/transcript-1.txt"));
        Assert.NotEqual(first, second);
        Assert.True(LotteryVerifier.Verify(first).Identical);
        Assert.True(LotteryVerifier.Verify(second).Identical);
        foreach (var (phone, id) in families)
        {
            var line = (await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}")).GetProperty("lottery");
            Assert.Contains($"{line.GetProperty("position").GetInt32()} {line.GetProperty("pseudonym").GetString()} ", Encoding.UTF8.GetString(second));
        }

        var offered = new List<(HttpClient Phone, string Id)>();
        foreach (var family in families)
        {
            if ((await family.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{family.Id}")).GetProperty("status").GetString() == "Offered")
            {
                offered.Add(family);
            }
        }

        (await offered[0].Phone.PostAsJsonAsync($"/api/parent/applications/{offered[0].Id}/offer", new { accept = true })).EnsureSuccessStatusCode();
        var late = await _officer.PostAsJsonAsync($"{Staff}/draw", new { publicValue = "x1", publicSource = "https://example.org/", liveValue = "y1", rerunReason = "再次重新派位" });
        Assert.Equal("已有家庭确认入学或放弃学位，不能再重新派位。", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ASiblingAtTheSchoolCountsInTheLotteryOnlyOnceTheSchoolConfirmedIt()
    {
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, _school.Id);
        var families = new List<(HttpClient Phone, string Id)>();
        for (var i = 0; i < Places + 2; i++)
        {
            var phone = await _app.NewParentAsync();
            var form = TestForms.Valid(_county.Id, _school.Id, TestIdentity.ResidentId(new DateOnly(2020, 6, 1 + i))) with
            {
                PriorityClaims = i < 2 ? [new PriorityClaimForm(PriorityKind.SiblingAtSchool, "姐姐在本校三年级")] : [],
            };
            families.Add((phone, await phone.SubmitNewAsync(form)));
        }

        // Bulk approval leaves the sibling claims to a person; the reviewer confirms one and not the other.
        var bulk = await (await reviewer.PostAsync($"/api/staff/schools/{_school.Id}/applications/bulk-approve", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(families.Take(2).Select(f => f.Id).Order(), bulk.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order());
        foreach (var (confirmed, (_, id)) in new[] { true, false }.Zip(families))
        {
            var route = $"/api/staff/schools/{_school.Id}/applications/{id}";
            var approved = await reviewer.SendAsync(StaffApi.WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{route}/approve")
            {
                Content = JsonContent.Create(new { siblingConfirmed = confirmed }),
            }, (await reviewer.GetAsync(route)).Headers.ETag!.Tag));
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        (await _officer.PostAsync($"{Staff}/freeze", null)).EnsureSuccessStatusCode();
        var tiers = (await _app.CreateClient().GetStringAsync($"{Public}/list.txt")).Split('\n').Select(l => l.Split(' ')).Where(p => p.Length == 3)
            .ToDictionary(p => p[0], p => p[1]);
        string TierOf((HttpClient Phone, string Id) family) =>
            tiers[family.Phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{family.Id}").Result.GetProperty("lottery").GetProperty("pseudonym").GetString()!];
        Assert.Equal(["1", "2", "2"], new[] { families[0], families[1], families[2] }.Select(TierOf));
    }

    [Fact]
    public async Task TheAdmittedAreDealtIntoBalancedClassesOnceAndEachFamilySeesItsClass()
    {
        var school = _county.Schools[0];
        var families = new List<(HttpClient Phone, string Id)>();
        for (var i = 0; i < 10; i++)
        {
            var phone = await _app.NewParentAsync();
            families.Add((phone, await phone.SubmitNewAsync(TestForms.Valid(_county.Id, school.Id, TestIdentity.ResidentId(new DateOnly(2019, 9 + i % 4, 1 + i))))));
        }

        _county = await _app.AdmitAsync(_county, school.Id, [.. families.Select(f => f.Id)]);

        var route = $"/api/staff/counties/{_county.Id}/lotteries/{school.Id}/classes";
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync(route, Values)).StatusCode);

        var assigned = await _officer.PostAsJsonAsync(route, Values);

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(school.Plan.Classes, (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("classes").GetInt32());
        var classes = new List<int>();
        foreach (var (phone, id) in families)
        {
            classes.Add((await phone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{id}")).GetProperty("class").GetInt32());
        }

        var sizes = Enumerable.Range(1, school.Plan.Classes).Select(k => classes.Count(c => c == k)).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
        var published = await _app.CreateClient().GetStringAsync($"/api/public/counties/{_county.Id}/lotteries/{school.Id}/classes.txt");
        Assert.Equal(10, published.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[0-9a-f]{16} [0-9]+$")));
        Assert.All(families, f => Assert.DoesNotContain(f.Id, published));

        Assert.Equal(HttpStatusCode.OK, (await _officer.PostAsJsonAsync(route, Values)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _officer.PostAsJsonAsync(route, new { publicValue = "x", publicSource = "https://example.org/", liveValue = "y" })).StatusCode);
    }

    [Fact]
    public async Task DrawingNeedsAFrozenListAnnouncedValuesAndAnOversubscribedSchool()
    {
        Assert.Equal("lottery-not-frozen", await ProblemTypeAsync(await _officer.PostAsJsonAsync($"{Staff}/draw", Values)));
        await EligibleAsync(singles: 0);
        Assert.Equal("not-oversubscribed", await ProblemTypeAsync(await _officer.PostAsync($"{Staff}/freeze", null)));
        await EligibleAsync(singles: 2);
        Assert.Equal(HttpStatusCode.OK, (await _officer.PostAsync($"{Staff}/freeze", null)).StatusCode);

        var bad = await _officer.PostAsJsonAsync($"{Staff}/draw", new { publicValue = "12", publicSource = "见报纸", liveValue = "" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("publicSource", out _));
        Assert.True(errors.TryGetProperty("liveValue", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"{Public}/transcript.txt")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheCountysOfficersRunTheLottery()
    {
        await EligibleAsync(singles: 3);
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        var head = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, _school.Id);
        var elsewhere = await _app.NewStaffAsync(StaffRole.BureauOfficer, (await _app.CreateCountyAsync()).Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync($"{Staff}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsync($"{Staff}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostAsync($"{Staff}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await _app.NewParentAsync()).PostAsync($"{Staff}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/staff/counties/{_county.Id}/lotteries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"{Public}/list.txt")).StatusCode);
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()?.Split(':').Last();
    }
}
