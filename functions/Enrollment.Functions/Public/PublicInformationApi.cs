using System.Threading.RateLimiting;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace Enrollment.Functions.Public;

/// <summary>
/// 阳光招生: what the bureau publishes for everyone, no sign-in: each county's and school's policy,
/// catchment, conditions, procedure, materials, timeline, hotline, complaint channel and places; which
/// school's catchment an address is in; and each school's new-student list from its publication time on.
/// </summary>
public static class PublicInformationApi
{
    public const string LookupPolicy = "catchment-lookup";

    /// <summary>Longer than any address; a longer query is not one.</summary>
    public const int MaxAddressLength = 100;

    public static IServiceCollection AddPublicInformation(this IServiceCollection services)
    {
        services.AddSingleton<NewStudentLists>();
        // The lookup is open to anyone: a budget per client keeps it from being used to scrape the county.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(LookupPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = LookupsPerMinute, Window = TimeSpan.FromMinutes(1) })));
        return services;
    }

    public const int LookupsPerMinute = 30;

    public static RouteGroupBuilder MapPublicInformationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/public/counties/{countyId}").WithTags("Public");

        api.MapGet("/information", GetCountyInformationAsync)
            .WithName("GetCountyInformation")
            .WithSummary("The county's published enrollment information and every school's catchment and places.");
        api.MapGet("/schools/{schoolId}", GetSchoolInformationAsync)
            .WithName("GetSchoolInformation")
            .WithSummary("One school's published enrollment information, with the county's policy and timeline.");
        api.MapGet("/catchment", LookUpCatchmentAsync)
            .RequireRateLimiting(LookupPolicy)
            .WithName("LookUpCatchment")
            .WithSummary("Which school's catchment an address (community, street or house number) is in.");
        api.MapGet("/schools/{schoolId}/new-students", GetNewStudentListAsync)
            .WithName("GetNewStudentList")
            .WithSummary("The school's published new-student list: masked names only, from the publication time on.");

        return api;
    }

    public static async Task<Results<Ok<CountyPageView>, ProblemHttpResult>> GetCountyInformationAsync(
        string countyId, ICountyStore counties, TimeProvider time, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(countyId, cancellationToken);
        return county is null
            ? Problems.CountyOrSchoolNotFound()
            : TypedResults.Ok(new CountyPageView(PublicCountyView.From(county, time.GetUtcNow()), county.Schools.Select(s => PublicSchoolView.From(s, county)).ToList()));
    }

    public static async Task<Results<Ok<SchoolPageView>, ProblemHttpResult>> GetSchoolInformationAsync(
        string countyId, string schoolId, ICountyStore counties, TimeProvider time, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(countyId, cancellationToken);
        return county?.FindSchool(schoolId) is not { } school
            ? Problems.CountyOrSchoolNotFound()
            : TypedResults.Ok(new SchoolPageView(PublicCountyView.From(county, time.GetUtcNow()), PublicSchoolView.From(school, county)));
    }

    public static async Task<Results<Ok<CatchmentAnswerView>, ProblemHttpResult>> LookUpCatchmentAsync(
        string countyId, string? address, ICountyStore counties, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(countyId, cancellationToken);
        if (county is null)
        {
            return Problems.CountyOrSchoolNotFound();
        }

        if (string.IsNullOrWhiteSpace(address) || address.Length > MaxAddressLength
            || CatchmentLookup.Normalize(address).Length < CatchmentLookup.MinimumLength)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "address-unclear", "请输入小区、街道或详细地址",
                $"请至少输入两个字，例如“人民路”“东关社区”或“人民路12号”，不超过{MaxAddressLength}个字。");
        }

        return TypedResults.Ok(CatchmentAnswerView.From(county, CatchmentLookup.Find(county, address)));
    }

    public static async Task<Results<Ok<NewStudentListView>, ProblemHttpResult>> GetNewStudentListAsync(
        string countyId, string schoolId, NewStudentLists lists, CancellationToken cancellationToken) =>
        await lists.GetAsync(countyId, schoolId, cancellationToken) switch
        {
            NewStudentListOutcome.Published p => TypedResults.Ok(new NewStudentListView(p.County.Id, p.County.Name, p.County.EnrollmentYear,
                p.School.Id, p.School.Name, p.Since, p.MaskedNames.Count, p.MaskedNames)),
            NewStudentListOutcome.NotYetPublished n => Problems.Problem(StatusCodes.Status404NotFound, "not-yet-published", "新生名单尚未公示",
                $"{n.School.Name}{n.County.EnrollmentYear}年新生名单" + (n.Publication is { } publication
                    ? $"公示时间为 {publication.Describe()}，请届时再来查看。"
                    : "在录取结束后由教育局统一公示，具体时间请留意教育局通知。")
                + "录取结果也会通过短信或微信通知报名时填写的监护人。"),
            _ => Problems.CountyOrSchoolNotFound(),
        };
}

/// <summary>What the county publishes, in the order a parent reads it.</summary>
public sealed record PublicCountyView(
    string Id,
    string Name,
    int EnrollmentYear,
    string? PolicySummary,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<string> Procedure,
    IReadOnlyList<MaterialView> Materials,
    IReadOnlyList<TimelineView> Timeline,
    ComplaintView? Complaints)
{
    public static PublicCountyView From(County county, DateTimeOffset now) => new(
        county.Id,
        county.Name,
        county.EnrollmentYear,
        county.Policy?.Summary,
        [county.AgeCondition(), .. county.Policy?.Conditions ?? []],
        county.Policy?.Procedure ?? [],
        (county.Materials ?? []).Select(m => new MaterialView(m.Name, m.WhoNeedsIt, m.ConfirmedByDataSharing)).ToList(),
        county.Timeline(now).Select(step => new TimelineView(step.Name, step.Window.Opens, step.Window.Closes,
            step.State.ToString(), step.Window.Describe())).ToList(),
        county.Complaints is { } c ? new ComplaintView(c.Hotline, c.ReceptionAddress, c.Online) : null);
}

public sealed record MaterialView(string Name, string WhoNeedsIt, bool ConfirmedByDataSharing);

public sealed record TimelineView(string Name, DateTimeOffset Opens, DateTimeOffset Closes, string State, string Text);

public sealed record ComplaintView(string Hotline, string ReceptionAddress, string Online);

public sealed record PublicSchoolView(
    string Id,
    string Name,
    string Kind,
    string KindText,
    string Address,
    string Hotline,
    string Catchment,
    IReadOnlyList<string> Communities,
    int Places,
    int Classes,
    string? Rules)
{
    /// <param name="county">The county as published: <see cref="Rules"/> is the school's own rules (学校实施办法) from its published texts.</param>
    public static PublicSchoolView From(School school, County county) => new(
        school.Id, school.Name, school.Kind.ToString(), school.Kind == SchoolKind.Public ? "公办" : "民办",
        school.Address, school.Hotline, school.Catchment.Description, school.Catchment.Communities, school.Plan.Places, school.Plan.Classes,
        county.SchoolRules?.GetValueOrDefault(school.Id));
}

public sealed record CountyPageView(PublicCountyView County, IReadOnlyList<PublicSchoolView> Schools);

public sealed record SchoolPageView(PublicCountyView County, PublicSchoolView School);

public sealed record CatchmentMatchView(string SchoolId, string SchoolName, string KindText, string Address, string Hotline, string Community);

/// <param name="Text">The answer in a sentence: the school, the schools to choose between, or whom to ask.</param>
public sealed record CatchmentAnswerView(IReadOnlyList<CatchmentMatchView> Matches, string Text)
{
    public static CatchmentAnswerView From(County county, IReadOnlyList<CatchmentMatch> matches)
    {
        var views = matches.Select(m => new CatchmentMatchView(m.School.Id, m.School.Name, m.School.Kind == SchoolKind.Public ? "公办" : "民办",
            m.School.Address, m.School.Hotline, m.Community)).ToList();
        var ask = county.Complaints is { } c ? $"请拨打{county.Name}教育局招生热线 {c.Hotline} 咨询" : $"请咨询{county.Name}教育局";
        var text = views.Count switch
        {
            0 => $"没有找到与这个地址对应的划片学校。可以换个写法再查，例如只输入小区或街道名称；仍查不到的，{ask}，教育局会为每一位适龄儿童安排学位。",
            1 => $"该地址属于{views[0].SchoolName}的划片范围（{views[0].Community}）。",
            _ => $"该地址可能属于以下{views.Count}所学校的划片范围，请按括号中的范围说明核对；不确定的，{ask}。",
        };
        return new CatchmentAnswerView(views, text);
    }
}

/// <summary>Masked names only: nothing else about any child is published.</summary>
public sealed record NewStudentListView(
    string CountyId,
    string CountyName,
    int EnrollmentYear,
    string SchoolId,
    string SchoolName,
    DateTimeOffset PublishedSince,
    int Count,
    IReadOnlyList<string> MaskedNames);
