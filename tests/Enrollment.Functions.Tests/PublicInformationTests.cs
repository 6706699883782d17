using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Functions.Public;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>阳光招生: what anyone reads without signing in, and what it must never show.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class PublicInformationTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;
    private HttpClient _anyone = null!;

    public async Task InitializeAsync()
    {
        _county = await _app.CreateCountyAsync();
        _anyone = _app.NewPhone();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string Url(string path) => $"/api/public/counties/{_county.Id}{path}";

    [Fact]
    public async Task TheCountyPagePublishesPolicyConditionsProcedureMaterialsTimelineComplaintsAndEverySchool()
    {
        var page = await _anyone.GetFromJsonAsync<JsonElement>(Url("/information"));

        var county = page.GetProperty("county");
        Assert.Equal("测试县", county.GetProperty("name").GetString());
        Assert.Contains("公民同招", county.GetProperty("policySummary").GetString());
        // The age condition comes from the age rule the submit check uses, so the two cannot disagree.
        Assert.Equal("年满6周岁（2020年8月31日及以前出生）", county.GetProperty("conditions")[0].GetString());
        Assert.Contains(county.GetProperty("conditions").EnumerateArray(), c => c.GetString()!.Contains("居住证"));
        Assert.True(county.GetProperty("procedure").GetArrayLength() >= 4);
        var materials = county.GetProperty("materials").EnumerateArray().ToList();
        Assert.Contains(materials, m => m.GetProperty("name").GetString()!.Contains("户口簿") && m.GetProperty("confirmedByDataSharing").GetBoolean());
        var registration = Assert.Single(county.GetProperty("timeline").EnumerateArray());
        Assert.Equal("网上报名", registration.GetProperty("name").GetString());
        Assert.Equal(_county.Calendar.Windows[0].Window!.Describe(), registration.GetProperty("text").GetString());
        Assert.Equal("Open", registration.GetProperty("state").GetString());
        Assert.Equal("0358-1234500", county.GetProperty("complaints").GetProperty("hotline").GetString());
        Assert.Contains("信访接待室", county.GetProperty("complaints").GetProperty("receptionAddress").GetString());

        var schools = page.GetProperty("schools").EnumerateArray().ToList();
        Assert.Equal(_county.Schools.Select(s => s.Id), schools.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["人民路社区", "东关社区"], schools[0].GetProperty("communities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(180, schools[0].GetProperty("places").GetInt32());
        Assert.Equal("民办", schools[4].GetProperty("kindText").GetString());
    }

    [Fact]
    public async Task TheTimelineFollowsTheClock()
    {
        _app.Time.SetUtcNow(_county.Calendar.Windows[0].Window!.Closes);

        var county = (await _anyone.GetFromJsonAsync<JsonElement>(Url("/information"))).GetProperty("county");

        Assert.Equal("Closed", county.GetProperty("timeline")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task ASchoolPagePublishesItsCatchmentPlacesAndHotlineWithTheCountysInformation()
    {
        var school = _county.Schools[2];

        var page = await _anyone.GetFromJsonAsync<JsonElement>(Url($"/schools/{school.Id}"));

        var view = page.GetProperty("school");
        Assert.Equal(school.Name, view.GetProperty("name").GetString());
        Assert.Equal(school.Hotline, view.GetProperty("hotline").GetString());
        Assert.Equal(school.Address, view.GetProperty("address").GetString());
        Assert.Equal(["南街社区", "新华社区（新华街以东）"], view.GetProperty("communities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(4, view.GetProperty("classes").GetInt32());
        Assert.Equal(_county.Calendar.Windows[0].Window!.Describe(), page.GetProperty("county").GetProperty("timeline")[0].GetProperty("text").GetString());
        Assert.Equal("0358-1234500", page.GetProperty("county").GetProperty("complaints").GetProperty("hotline").GetString());
    }

    [Theory]
    [InlineData("/api/public/counties/nowhere/information")]
    [InlineData("/api/public/counties/nowhere/schools/nowhere-101")]
    [InlineData("/api/public/counties/nowhere/catchment?address=东关社区")]
    [InlineData("/api/public/counties/nowhere/schools/nowhere-101/new-students")]
    public async Task AnUnknownCountyIsANotFoundProblem(string url) => await AssertNotFoundAsync(await _anyone.GetAsync(url));

    [Theory]
    [InlineData("/schools/no-such-school")]
    [InlineData("/schools/no-such-school/new-students")]
    public async Task AnUnknownSchoolIsANotFoundProblem(string path) => await AssertNotFoundAsync(await _anyone.GetAsync(Url(path)));

    [Fact]
    public async Task ASchoolOfAnotherCountyIsNotFoundInThisOne()
    {
        var other = await _app.CreateCountyAsync();

        await AssertNotFoundAsync(await _anyone.GetAsync(Url($"/schools/{other.Schools[0].Id}")));
        await AssertNotFoundAsync(await _anyone.GetAsync(Url($"/schools/{other.Schools[0].Id}/new-students")));
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:not-found", problem.GetProperty("type").GetString());
        Assert.Equal("没有找到该县区或学校", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheLookupFindsTheSchoolForACommunityOrAnAddressTypedInFullWidth()
    {
        var byCommunity = await LookUpAsync("东关");
        var match = Assert.Single(byCommunity.GetProperty("matches").EnumerateArray());
        Assert.Equal(_county.Schools[0].Id, match.GetProperty("schoolId").GetString());
        Assert.Equal("东关社区", match.GetProperty("community").GetString());
        Assert.Equal($"该地址属于{_county.Schools[0].Name}的划片范围（东关社区）。", byCommunity.GetProperty("text").GetString());

        var byAddress = await LookUpAsync("城关镇　文化街 ８号");
        Assert.Equal(_county.Schools[1].Id, Assert.Single(byAddress.GetProperty("matches").EnumerateArray()).GetProperty("schoolId").GetString());
    }

    [Fact]
    public async Task TheLookupListsEverySchoolOfACommunitySplitBetweenSchools()
    {
        var answer = await LookUpAsync("新华社区８号楼");

        Assert.Equal([_county.Schools[2].Id, _county.Schools[3].Id],
            answer.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("schoolId").GetString()));
        Assert.Equal(["新华社区（新华街以东）", "新华社区（新华街以西）"],
            answer.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("community").GetString()));
        Assert.StartsWith("该地址可能属于以下2所学校的划片范围", answer.GetProperty("text").GetString());
    }

    [Fact]
    public async Task AnAddressInNoCatchmentGetsACalmAnswerWithTheBureausHotline()
    {
        var answer = await LookUpAsync("幸福里小区3号楼");

        Assert.Empty(answer.GetProperty("matches").EnumerateArray());
        var text = answer.GetProperty("text").GetString()!;
        Assert.Contains("没有找到", text);
        Assert.Contains("0358-1234500", text);
        Assert.Contains("教育局会为每一位适龄儿童安排学位", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("　")]
    [InlineData("关")]
    public async Task AnEmptyOrOneCharacterQueryIsABadRequestProblemNotAnError(string address)
    {
        var response = await _anyone.GetAsync(Url($"/catchment?address={Uri.EscapeDataString(address)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:enrollment:problem:address-unclear", problem.GetProperty("type").GetString());
        Assert.Equal("请输入小区、街道或详细地址", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ATooLongQueryIsABadRequestProblem()
    {
        var response = await _anyone.GetAsync(Url($"/catchment?address={Uri.EscapeDataString(new string('路', PublicInformationApi.MaxAddressLength + 1))}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheLookupIsRateLimitedPerClient()
    {
        for (var i = 0; i < PublicInformationApi.LookupsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _anyone.GetAsync(Url("/catchment?address=人民路"))).StatusCode);
        }

        var refused = await _anyone.GetAsync(Url("/catchment?address=人民路"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("访问人数较多", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        // The pages themselves are not limited.
        Assert.Equal(HttpStatusCode.OK, (await _anyone.GetAsync(Url("/information"))).StatusCode);
    }

    private async Task<JsonElement> LookUpAsync(string address)
    {
        var response = await _anyone.GetAsync(Url($"/catchment?address={Uri.EscapeDataString(address)}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task TheNewStudentListIsNotShownBeforeItIsPublished()
    {
        var school = _county.Schools[0];
        await AdmitAsync(school.Id, "赵子龙");

        var response = await _anyone.GetAsync(Url($"/schools/{school.Id}/new-students"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("urn:enrollment:problem:not-yet-published", problem.GetProperty("type").GetString());
        Assert.Equal("新生名单尚未公示", problem.GetProperty("title").GetString());
        Assert.Contains(school.Name, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("赵", body);
    }

    [Fact]
    public async Task TheNewStudentListShowsMaskedNamesInNameOrderFromTheResultsTimeOn()
    {
        var school = _county.Schools[0];
        await AdmitAsync(school.Id, "赵子龙");
        await AdmitAsync(school.Id, "欧阳小明");
        await AdmitAsync(school.Id, "李四");
        var results = _app.Time.GetUtcNow().AddDays(2);
        await _app.Services.GetRequiredService<ICountyStore>().UpsertAsync(_county with
        {
            Calendar = _county.Calendar with
            {
                Windows = [.. _county.Calendar.Windows, new WindowSetting(WindowKind.Results, Stage.Primary, SchoolId: null, new Window(results, results.AddDays(10)))],
            },
        }, CancellationToken.None);

        var before = await _anyone.GetAsync(Url($"/schools/{school.Id}/new-students"));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.DoesNotContain("赵", await before.Content.ReadAsStringAsync());

        _app.Time.Advance(TimeSpan.FromDays(2));
        var published = await _anyone.GetFromJsonAsync<JsonElement>(Url($"/schools/{school.Id}/new-students"));

        var names = published.GetProperty("maskedNames").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(["李*", "欧**明", "赵*龙"], names);
        Assert.DoesNotContain("子", published.ToString());
    }

    [Fact]
    public async Task NoPublicAnswerCarriesAChildsNameIdNumberOrAGuardiansPhone()
    {
        var school = _county.Schools[0];
        var idNumber = TestIdentity.ResidentId(new DateOnly(2020, 2, 2));
        const string mobile = "13987654321";
        var phone = await _app.NewParentAsync(mobile);
        var form = TestForms.Valid(_county.Id, school.Id, idNumber, mobile).WithChild(c => c with { Name = "钱多多" });
        var submitted = await phone.SubmitAsync(form);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await AdmitAsync(school.Id, id: id);

        foreach (var path in new[] { "/information", $"/schools/{school.Id}", "/catchment?address=人民路12号", $"/schools/{school.Id}/new-students" })
        {
            var body = await (await _anyone.GetAsync(Url(path))).Content.ReadAsStringAsync();
            Assert.DoesNotContain(idNumber, body);
            Assert.DoesNotContain(idNumber[..6], body);
            Assert.DoesNotContain(mobile, body);
            Assert.DoesNotContain(mobile[^4..], body);
            Assert.DoesNotContain("钱多多", body);
            Assert.DoesNotContain("王建国", body);
            Assert.DoesNotContain(id, body);
        }
    }

    /// <summary>Admits a submitted application, or submits and admits one for a child of that name.</summary>
    private async Task AdmitAsync(string schoolId, string? childName = null, string? id = null)
    {
        if (id is null)
        {
            var phone = await _app.NewParentAsync();
            var form = TestForms.Valid(_county.Id, schoolId, TestIdentity.ResidentId(new DateOnly(2020, 1, 1 + Random.Shared.Next(28))))
                .WithChild(c => c with { Name = childName! });
            var response = await phone.SubmitAsync(form);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        _county = await _app.AdmitAsync(_county, schoolId, id);
    }
}
