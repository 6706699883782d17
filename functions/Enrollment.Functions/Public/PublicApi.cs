using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Enrollment.Functions.Public;

/// <summary>What anyone may read (阳光招生): the county's calendar and schools, and each school's QR code.</summary>
public static class PublicApi
{
    public static RouteGroupBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/public").WithTags("Public");

        api.MapGet("/counties/{countyId}", GetCountyAsync)
            .WithName("GetCounty")
            .WithSummary("The county's registration window, age rule and schools.");
        api.MapGet("/counties/{countyId}/schools/{schoolId}/qr.png", GetSchoolQrCodeAsync)
            .WithName("GetSchoolQrCode")
            .WithSummary("A QR code (PNG) linking to the entry page with this school preselected.");

        api.MapGet("/config", GetPageConfig)
            .WithName("GetPageConfig")
            .WithSummary("What the entry page needs to start: the default county and the sign-in methods on offer.");
        api.MapGet("/consent", GetConsentText)
            .WithName("GetConsentText")
            .WithSummary("The current consent text a guardian agrees to before entering a child's data.");

        return api;
    }

    public static Ok<PageConfigView> GetPageConfig(
        IOptions<EnrollmentOptions> options, IOptions<Parents.ParentSignInOptions> signIn, IOptions<Azure.Outside.Sms.SmsOptions> sms, IOptions<Azure.Outside.WeChat.WeChatOptions> weChat,
        IOptions<Parents.GovernmentIdentityOptions> government) =>
        TypedResults.Ok(new PageConfigView(options.Value.DefaultCountyId, signIn.Value.DevelopmentEnabled, SmsSignIn: sms.Value.IsConfigured,
            WeChatSignIn: weChat.Value.OfficialAccount.IsComplete,
            GovernmentSignIn: government.Value.IsOn, GovernmentSignInName: government.Value.DisplayName));

    public static Ok<ConsentView> GetConsentText() =>
        TypedResults.Ok(new ConsentView(Core.Parents.ConsentText.CurrentVersion, Core.Parents.ConsentText.Title, Core.Parents.ConsentText.Sections));

    public static async Task<Results<Ok<CountyView>, ProblemHttpResult>> GetCountyAsync(string countyId, ICountyStore counties, TimeProvider time, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(countyId, cancellationToken);
        return county is null ? Problems.CountyOrSchoolNotFound() : TypedResults.Ok(CountyView.From(county, time.GetUtcNow()));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetSchoolQrCodeAsync(
        string countyId, string schoolId, HttpRequest request, ICountyStore counties, IOptions<EnrollmentOptions> options, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(countyId, cancellationToken);
        if (county?.FindSchool(schoolId) is null)
        {
            return Problems.CountyOrSchoolNotFound();
        }

        var link = $"{options.Value.BaseUrlFor(request)}/?county={Uri.EscapeDataString(countyId)}&school={Uri.EscapeDataString(schoolId)}";
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(10);
        return TypedResults.File(png, "image/png");
    }
}

public sealed record CountyView(
    string Id,
    string Name,
    int EnrollmentYear,
    WindowView Registration,
    DateOnly LatestBirthDate,
    IReadOnlyList<SchoolView> Schools)
{
    public static CountyView From(County county, DateTimeOffset now) => new(
        county.Id,
        county.Name,
        county.EnrollmentYear,
        WindowView.From(county.WindowFor(WindowKind.Registration, county.Schools.FirstOrDefault()?.Stage ?? Stage.Primary, now)),
        county.AgeRule.LatestBirthDate(county.EnrollmentYear),
        county.Schools.Select(s => new SchoolView(s.Id, s.Name, s.Kind.ToString(), s.Kind == SchoolKind.Public ? "公办" : "民办",
            s.Address, s.Hotline, s.Catchment.Description, s.Plan.Places)).ToList());
}

/// <param name="WeChatSignIn">The official account's web sign-in is on: offer it inside WeChat's browser.</param>
/// <param name="GovernmentSignIn">The government identity provider is on: offer it, labelled <paramref name="GovernmentSignInName"/>.</param>
public sealed record PageConfigView(string DefaultCountyId, bool DevelopmentSignIn, bool SmsSignIn, bool WeChatSignIn, bool GovernmentSignIn, string GovernmentSignInName);

public sealed record ConsentView(string Version, string Title, IReadOnlyList<Core.Parents.ConsentSection> Sections);

/// <param name="Notice">The bureau's message while it has paused enrollment.</param>
public sealed record WindowView(DateTimeOffset? Opens, DateTimeOffset? Closes, string State, string Text, string? Notice)
{
    public static WindowView From(WindowReading reading) =>
        new(reading.Window?.Opens, reading.Window?.Closes, reading.State.ToString(), reading.Window?.Describe() ?? "尚未公布", reading.PauseMessage);
}

public sealed record SchoolView(string Id, string Name, string Kind, string KindText, string Address, string Hotline, string Catchment, int Places);
