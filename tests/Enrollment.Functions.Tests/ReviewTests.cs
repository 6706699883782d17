using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>审核: the school's queues, the reviewer's decisions under ETags, and who may see and decide what.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ReviewTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private int _children;

    public async Task InitializeAsync()
    {
        // Storage checks document links against real time: these tests run on today's date, in a county open today.
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        _county = await _app.CreateCountyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string School(int index = 0) => _county.Schools[index].Id;

    private string Applications(int school = 0) => $"/api/staff/schools/{School(school)}/applications";

    /// <summary>A guardian submits a child (every fact confirmed by the faked departments); the application number.</summary>
    private async Task<string> NewApplicationAsync(string childName = "王小雨", int school = 0, HttpClient? phone = null, ApplicationForm? form = null)
    {
        phone ??= await _app.NewParentAsync();
        var birth = new DateOnly(2020, 1, 1).AddDays(_children++);
        form ??= TestForms.Valid(_county.Id, School(school), TestIdentity.ResidentId(birth)).WithChild(c => c with { Name = childName });
        return await phone.SubmitNewAsync(form);
    }

    /// <summary>A migrant family whose social insurance the department could not confirm: the guardian uploads the proof first.</summary>
    private async Task<(string Id, HttpClient Phone)> SubmitWithDocumentAsync()
    {
        _app.DepartmentAnswers("social-insurance", matched: false);
        var phone = await _app.NewParentAsync();
        var form = TestForms.Valid(_county.Id, School(), TestIdentity.ResidentId(new DateOnly(2019, 12, 1).AddDays(_children++))) with
        {
            Residence = new ResidenceForm(EligibilityBasis.ResidencePermit, "城关镇新华街8号2单元"),
        };
        var draftId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await phone.PutAsJsonAsync($"/api/parent/drafts/{draftId}", form, TestForms.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsync($"/api/parent/drafts/{draftId}/checks", null)).StatusCode);
        var uploadId = await TestUploads.UploadAsync(phone, "social-insurance");
        Assert.Equal(HttpStatusCode.OK, (await phone.PutAsJsonAsync($"/api/parent/drafts/{draftId}/documents/SocialInsurance", new { uploadId })).StatusCode);
        var submitted = await phone.PostAsJsonAsync($"/api/parent/applications?draftId={draftId}", form, TestForms.Json);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        return ((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, phone);
    }

    private static async Task<(JsonElement Detail, string ETag)> OpenAsync(HttpClient staff, string url)
    {
        var response = await staff.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient staff, string url, string? etag, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }) };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        return staff.SendAsync(request);
    }

    private async Task<AuditPage> AuditAsync(string applicationId, string action) =>
        (await _app.Services.GetRequiredService<IAuditLog>().ReadAsync(_county.Id, new AuditQuery(null, action, applicationId, null, null), 10, null, CancellationToken.None))!;

    [Fact]
    public async Task AnAddressOutsideTheSchoolsCatchmentIsFlaggedForTheReviewerNotRefused()
    {
        // The test family lives on 人民路, in the first school's catchment; one applies there, one to the second school.
        var inside = await NewApplicationAsync("王小雨");
        var outside = await NewApplicationAsync("李四", school: 1);
        var nowhere = await NewApplicationAsync("赵六", school: 1, form: TestForms.Valid(_county.Id, School(1), TestIdentity.ResidentId(new DateOnly(2020, 3, 3)))
            with { Residence = new ResidenceForm(EligibilityBasis.HouseholdRegistration, "临县外镇远山村") });
        var first = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());
        var second = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School(1));

        Assert.False(Assert.Single((await first.GetFromJsonAsync<JsonElement>(Applications())).GetProperty("items").EnumerateArray()).GetProperty("outsideCatchment").GetBoolean());
        var flagged = (await second.GetFromJsonAsync<JsonElement>(Applications(1))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([outside, nowhere], flagged.Select(i => i.GetProperty("id").GetString()));
        Assert.All(flagged, i => Assert.True(i.GetProperty("outsideCatchment").GetBoolean()));

        var inCatchment = (await first.GetFromJsonAsync<JsonElement>($"{Applications()}/{inside}")).GetProperty("catchment");
        Assert.True(inCatchment.GetProperty("inCatchment").GetBoolean());
        var elsewhere = (await second.GetFromJsonAsync<JsonElement>($"{Applications(1)}/{outside}")).GetProperty("catchment");
        Assert.False(elsewhere.GetProperty("inCatchment").GetBoolean());
        Assert.Equal([_county.Schools[0].Name], elsewhere.GetProperty("catchmentSchools").EnumerateArray().Select(s => s.GetString()));
        Assert.Empty((await second.GetFromJsonAsync<JsonElement>($"{Applications(1)}/{nowhere}")).GetProperty("catchment").GetProperty("catchmentSchools").EnumerateArray());
    }

    [Fact]
    public async Task TheQueuePagesWithContinuationTokensShowsMaskedDataOnlyAndCountsAgainstThePlan()
    {
        var ids = new[] { await NewApplicationAsync("王小雨"), await NewApplicationAsync("李四"), await NewApplicationAsync("欧阳小锋") };
        await NewApplicationAsync("赵六", school: 1);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());

        var first = await reviewer.GetFromJsonAsync<JsonElement>($"{Applications()}?queue=new&pageSize=2");
        var token = first.GetProperty("continuationToken").GetString();
        Assert.NotNull(token);
        var second = await reviewer.GetFromJsonAsync<JsonElement>($"{Applications()}?queue=new&pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        Assert.Equal(JsonValueKind.Null, second.GetProperty("continuationToken").ValueKind);
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(ids, items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["王*雨", "李*", "欧**锋"], items.Select(i => i.GetProperty("childName").GetString()));
        Assert.All(items, i => Assert.Matches(@"^1101\*{10}\d{3}[\dX]$", i.GetProperty("documentNumber").GetString()!));
        Assert.All(items, i => Assert.True(i.GetProperty("allConfirmed").GetBoolean()));
        Assert.DoesNotContain("王小雨", await reviewer.GetStringAsync($"{Applications()}?queue=new"));

        Assert.Equal(0, (await reviewer.GetFromJsonAsync<JsonElement>($"{Applications()}?queue=eligible")).GetProperty("items").GetArrayLength());
        var summary = await reviewer.GetFromJsonAsync<JsonElement>($"/api/staff/schools/{School()}/summary");
        Assert.Equal(_county.Schools[0].Plan.Places, summary.GetProperty("places").GetInt32());
        Assert.Equal(_county.Schools[0].Plan.Classes, summary.GetProperty("classes").GetInt32());
        var counts = summary.GetProperty("counts");
        Assert.Equal([3, 0, 0, 0, 0], new[] { "New", "Checking", "Returned", "Eligible", "Rejected" }.Select(q => counts.GetProperty(q).GetInt32()));

        foreach (var bad in new[] { "?pageSize=51", "?pageSize=0", "?queue=7", "?queue=everything", "?continuationToken=not-a-token", "?search=%3Cscript%3E" })
        {
            var response = await reviewer.GetAsync(Applications() + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task SearchFindsAnApplicationByItsNumberOrItsMaskedName()
    {
        var zhangXiaoSan = await NewApplicationAsync("张小三");
        var zhangSan = await NewApplicationAsync("张三");
        await NewApplicationAsync("李小三");
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());
        async Task<IEnumerable<string?>> SearchAsync(string term) =>
            (await reviewer.GetFromJsonAsync<JsonElement>($"{Applications()}?search={Uri.EscapeDataString(term)}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString());

        Assert.Equal([zhangXiaoSan], await SearchAsync("张*三"));
        Assert.Equal([zhangXiaoSan], await SearchAsync("张＊三"));
        Assert.Equal([zhangSan], await SearchAsync("张*"));
        Assert.Equal([zhangXiaoSan, zhangSan], await SearchAsync("张"));
        Assert.Equal([zhangSan], await SearchAsync(zhangSan));
        Assert.Equal([zhangSan], await SearchAsync(zhangSan[..7].Replace("-", "").ToLowerInvariant()));
        Assert.Empty(await SearchAsync("王*雨"));
    }

    [Fact]
    public async Task TheDetailShowsTheFactsTheDocumentsAndTheHistoryAndTheAccessIsAudited()
    {
        var (id, _) = await SubmitWithDocumentAsync();
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());

        var (detail, etag) = await OpenAsync(reviewer, $"{Applications()}/{id}");

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal("王小雨", detail.GetProperty("childName").GetString());
        Assert.Contains("****", detail.GetProperty("childDocumentNumber").GetString());
        Assert.Equal(["HouseholdRegistration:Matched", "ResidencePermit:Matched", "SocialInsurance:NotMatched"],
            detail.GetProperty("facts").EnumerateArray().Select(f => $"{f.GetProperty("kind").GetString()}:{f.GetProperty("status").GetString()}").Order());
        Assert.False(detail.GetProperty("allConfirmed").GetBoolean());
        Assert.Equal(["Submitted"], detail.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        var document = Assert.Single(detail.GetProperty("documents").EnumerateArray());
        Assert.Equal("社会保险缴费证明", document.GetProperty("name").GetString());
        Assert.InRange(document.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

        // The link opens the one document in a browser, read-only.
        using var browser = new HttpClient();
        var url = document.GetProperty("url").GetString()!;
        var file = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(TestUploads.Png.Length, (await file.Content.ReadAsByteArrayAsync()).Length);
        var overwrite = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1, 2, 3]) };
        overwrite.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(overwrite)).StatusCode);

        var me = await reviewer.GetFromJsonAsync<JsonElement>("/api/staff/me");
        var viewed = Assert.Single((await AuditAsync(id, AuditActions.ViewApplication)).Entries);
        Assert.Equal(me.GetProperty("id").GetString(), viewed.ActorId);
        Assert.Equal("SchoolReviewer", viewed.ActorRole);
    }

    [Fact]
    public async Task AReviewerApprovesReturnsAndRejectsAndTheGuardianSeesEachWithItsReason()
    {
        var approvedPhone = await _app.NewParentAsync();
        var returnedPhone = await _app.NewParentAsync();
        var rejectedPhone = await _app.NewParentAsync();
        var approved = await NewApplicationAsync(phone: approvedPhone);
        var returned = await NewApplicationAsync(phone: returnedPhone);
        var rejected = await NewApplicationAsync(phone: rejectedPhone);
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());
        var reviewerId = (await reviewer.GetFromJsonAsync<JsonElement>("/api/staff/me")).GetProperty("id").GetString();

        var approve = await DecideAsync(reviewer, $"{Applications()}/{approved}/approve", (await OpenAsync(reviewer, $"{Applications()}/{approved}")).ETag);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.NotNull(approve.Headers.ETag);
        Assert.Equal("Eligible", (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var deadline = _app.Time.GetUtcNow().AddDays(3);
        var badReturn = await DecideAsync(reviewer, $"{Applications()}/{returned}/return", (await OpenAsync(reviewer, $"{Applications()}/{returned}")).ETag,
            new { fields = new[] { "child.documentNumber" }, documents = Array.Empty<string>(), message = "", deadline });
        Assert.Equal(HttpStatusCode.BadRequest, badReturn.StatusCode);
        var errors = (await badReturn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("fields", out _));
        Assert.True(errors.TryGetProperty("message", out _));
        var doReturn = await DecideAsync(reviewer, $"{Applications()}/{returned}/return", (await OpenAsync(reviewer, $"{Applications()}/{returned}")).ETag,
            new { fields = new[] { "residence.address" }, documents = new[] { "RentalFiling" }, message = "请补充门牌号，并上传租赁备案证明。", deadline });
        Assert.Equal(HttpStatusCode.OK, doReturn.StatusCode);

        var badReject = await DecideAsync(reviewer, $"{Applications()}/{rejected}/reject", (await OpenAsync(reviewer, $"{Applications()}/{rejected}")).ETag, new { reason = "Other" });
        Assert.Equal(HttpStatusCode.BadRequest, badReject.StatusCode);
        var reject = await DecideAsync(reviewer, $"{Applications()}/{rejected}/reject", (await OpenAsync(reviewer, $"{Applications()}/{rejected}")).ETag,
            new { reason = "OutsideCatchment", text = "住址属于城南小学片区。" });
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);

        // What each guardian sees on the status page.
        var eligible = await approvedPhone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{approved}");
        Assert.Equal("审核通过", eligible.GetProperty("statusText").GetString());
        Assert.Equal("School", eligible.GetProperty("timeline")[1].GetProperty("by").GetString());
        var correction = (await returnedPhone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{returned}")).GetProperty("correction");
        Assert.Equal(["residence.address"], correction.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("请补充门牌号，并上传租赁备案证明。", correction.GetProperty("message").GetString());
        var notEligible = await rejectedPhone.GetFromJsonAsync<JsonElement>($"/api/parent/applications/{rejected}");
        Assert.Equal("审核未通过", notEligible.GetProperty("statusText").GetString());
        Assert.Equal("不在本校招生范围：住址属于城南小学片区。", notEligible.GetProperty("timeline")[1].GetProperty("note").GetString());

        // The queues, the counts and the audit log agree.
        var counts = (await reviewer.GetFromJsonAsync<JsonElement>($"/api/staff/schools/{School()}/summary")).GetProperty("counts");
        Assert.Equal([0, 1, 1, 1], new[] { "New", "Returned", "Eligible", "Rejected" }.Select(q => counts.GetProperty(q).GetInt32()));
        foreach (var (id, action, before, after) in new[]
        {
            (approved, AuditActions.Approve, "Submitted", "Eligible"),
            (returned, AuditActions.Return, "Submitted", "ReturnedForCorrection"),
            (rejected, AuditActions.Reject, "Submitted", "Rejected"),
        })
        {
            var entry = Assert.Single((await AuditAsync(id, action)).Entries);
            Assert.Equal((reviewerId, before, after), (entry.ActorId, entry.Before, entry.After));
        }

        Assert.Equal("不在本校招生范围：住址属于城南小学片区。", Assert.Single((await AuditAsync(rejected, AuditActions.Reject)).Entries).Reason);

        // A decided application cannot be decided again as if it were new.
        var again = await DecideAsync(reviewer, $"{Applications()}/{approved}/approve", (await OpenAsync(reviewer, $"{Applications()}/{approved}")).ETag);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task TheSecondOfTwoReviewersIsToldTheApplicationChangedAndNothingIsOverwritten()
    {
        var id = await NewApplicationAsync();
        var first = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());
        var second = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, School());
        var (_, firstETag) = await OpenAsync(first, $"{Applications()}/{id}");
        var (_, secondETag) = await OpenAsync(second, $"{Applications()}/{id}");

        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(first, $"{Applications()}/{id}/approve", firstETag)).StatusCode);
        var stale = await DecideAsync(second, $"{Applications()}/{id}/reject", secondETag, new { reason = "DuplicateApplication" });

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("这份报名刚刚被其他人处理过，请刷新后再看", problem.GetProperty("title").GetString());
        var (after, _) = await OpenAsync(second, $"{Applications()}/{id}");
        Assert.Equal("Eligible", after.GetProperty("status").GetString());
        Assert.Equal(["Submitted", "Eligible"], after.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Empty((await AuditAsync(id, AuditActions.Reject)).Entries);

        var withoutETag = await DecideAsync(second, $"{Applications()}/{id}/reject", etag: null, new { reason = "DuplicateApplication" });
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutETag.StatusCode);
    }

    [Fact]
    public async Task BulkApprovalApprovesOnlyWhatTheDepartmentsConfirmedThroughout()
    {
        var confirmed = new[] { await NewApplicationAsync("陈一"), await NewApplicationAsync("陈二") };
        var (withDocument, _) = await SubmitWithDocumentAsync();
        var reviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());

        var response = await reviewer.PostAsync($"{Applications()}/bulk-approve", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(confirmed.Order(), result.GetProperty("approved").EnumerateArray().Select(i => i.GetString()).Order());
        var skipped = Assert.Single(result.GetProperty("skipped").EnumerateArray());
        Assert.Equal(withDocument, skipped.GetProperty("id").GetString());
        Assert.Contains("逐份审核", skipped.GetProperty("reason").GetString());
        Assert.Equal(confirmed.Order(), (await reviewer.GetFromJsonAsync<JsonElement>($"{Applications()}?queue=eligible")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Order());
        foreach (var id in confirmed)
        {
            Assert.Equal("部门数据全部核验一致，批量审核通过", Assert.Single((await AuditAsync(id, AuditActions.Approve)).Entries).Reason);
        }

        Assert.Equal("New", await QueueOfAsync(reviewer, withDocument));
    }

    private async Task<string> QueueOfAsync(HttpClient staff, string id)
    {
        foreach (var queue in new[] { "New", "Checking", "Returned", "Eligible", "Rejected" })
        {
            var items = (await staff.GetFromJsonAsync<JsonElement>($"{Applications()}?queue={queue}")).GetProperty("items").EnumerateArray();
            if (items.Any(i => i.GetProperty("id").GetString() == id))
            {
                return queue;
            }
        }

        return "none";
    }

    [Fact]
    public async Task EveryRouteChecksRoleAndScope()
    {
        var id = await NewApplicationAsync();
        var ownReviewer = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School());
        var (_, etag) = await OpenAsync(ownReviewer, $"{Applications()}/{id}");
        var otherCounty = await _app.CreateCountyAsync();
        var readers = new Dictionary<string, HttpClient>
        {
            ["other school's reviewer"] = await _app.NewStaffAsync(StaffRole.SchoolReviewer, _county.Id, School(1)),
            ["other school's head"] = await _app.NewStaffAsync(StaffRole.SchoolHead, _county.Id, School(1)),
            ["other county's bureau officer"] = await _app.NewStaffAsync(StaffRole.BureauOfficer, otherCounty.Id),
            ["other county's auditor"] = await _app.NewStaffAsync(StaffRole.Auditor, otherCounty.Id),
        };
        var auditor = await _app.NewStaffAsync(StaffRole.Auditor, _county.Id);
        var parent = await _app.NewParentAsync();
        var nobody = _app.NewPhone();

        (HttpMethod Method, string Url, bool Decides)[] routes =
        [
            (HttpMethod.Get, $"/api/staff/schools/{School()}/summary", false),
            (HttpMethod.Get, $"{Applications()}?queue=new", false),
            (HttpMethod.Get, $"{Applications()}?search=王", false),
            (HttpMethod.Get, $"{Applications()}/{id}", false),
            (HttpMethod.Post, $"{Applications()}/{id}/approve", true),
            (HttpMethod.Post, $"{Applications()}/{id}/return", true),
            (HttpMethod.Post, $"{Applications()}/{id}/reject", true),
            (HttpMethod.Post, $"{Applications()}/bulk-approve", true),
        ];
        async Task<HttpStatusCode> SendAsync(HttpClient client, HttpMethod method, string url)
        {
            var request = new HttpRequestMessage(method, url);
            if (method == HttpMethod.Post)
            {
                request.Content = JsonContent.Create(new { reason = "Other", text = "测试", fields = new[] { "child.postcode" }, message = "邮编有误", deadline = _app.Time.GetUtcNow().AddDays(1) });
                request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
            }

            var response = await client.SendAsync(request);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return response.StatusCode;
        }

        foreach (var (method, url, decides) in routes)
        {
            foreach (var (who, client) in readers)
            {
                Assert.True(await SendAsync(client, method, url) == HttpStatusCode.NotFound, $"{who}: {method} {url}");
            }

            Assert.True(await SendAsync(parent, method, url) == HttpStatusCode.Unauthorized, $"parent: {method} {url}");
            Assert.True(await SendAsync(nobody, method, url) == HttpStatusCode.Unauthorized, $"signed out: {method} {url}");
            if (decides)
            {
                Assert.True(await SendAsync(auditor, method, url) == HttpStatusCode.Forbidden, $"auditor: {method} {url}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(url)).StatusCode);
            }
        }

        // None of them changed anything.
        var (detail, etagAfter) = await OpenAsync(ownReviewer, $"{Applications()}/{id}");
        Assert.Equal("Submitted", detail.GetProperty("status").GetString());
        Assert.Equal(etag, etagAfter);

        // The county's bureau officer may decide for any of its schools.
        var bureau = await _app.NewStaffAsync(StaffRole.BureauOfficer, _county.Id);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(bureau, $"{Applications()}/{id}/approve", etag)).StatusCode);
    }
}
