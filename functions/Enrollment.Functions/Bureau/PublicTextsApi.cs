using Enrollment.Core.Counties;
using Enrollment.Functions.Http;
using Enrollment.Functions.Public;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Bureau;

/// <summary>
/// The bureau's public texts: read the published ones and the draft, save a draft, preview the public page as it would
/// read, publish. Changes name the configuration's version (If-Match: "v7") and are audited like every other change.
/// </summary>
public static class PublicTextsApi
{
    public static RouteGroupBuilder MapPublicTextsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/counties/{countyId}/texts")
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Bureau");
        api.MapGet("/", GetAsync).WithName("GetPublicTexts")
            .WithSummary("The published texts and the draft, if any; the ETag names the configuration's version.");
        api.MapPut("/", SaveDraftAsync).WithName("SavePublicTextsDraft")
            .WithSummary("Saves the next version of the texts as a draft, validated and audited; the public pages do not show it. If-Match required.");
        api.MapGet("/preview", PreviewAsync).WithName("PreviewPublicTexts")
            .WithSummary("The county's public page as it will read once the draft is published.");
        api.MapPost("/publish", PublishAsync).WithName("PublishPublicTexts")
            .WithSummary("Publishes the draft: the public pages show it from the next request. If-Match required.");
        return api;
    }

    public static async Task<Results<Ok<PublicTextsView>, ProblemHttpResult>> GetAsync(
        string countyId, SignedInStaff staff, HttpContext context, CountyConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await configuration.GetAsync(staff, countyId, cancellationToken) is not { } county)
        {
            return BureauConfigurationApi.Problem(new ConfigurationOutcome.NotFound());
        }

        context.Response.Headers.ETag = BureauConfigurationApi.ETag(county);
        return TypedResults.Ok(PublicTextsView.From(county));
    }

    public static async Task<Results<Ok<PublicTextsView>, ProblemHttpResult>> SaveDraftAsync(
        string countyId, DraftTextsBody body, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context,
        CountyConfiguration configuration, CancellationToken cancellationToken)
    {
        if (BureauConfigurationApi.Version(ifMatch) is not { } version)
        {
            return BureauConfigurationApi.VersionRequired(ifMatch);
        }

        var texts = new PublicTexts(body.Policy, body.Materials, body.Complaints, body.SchoolRules);
        return Answer(await configuration.SaveDraftTextsAsync(staff, countyId, version, texts, body.Reason, cancellationToken), context);
    }

    public static async Task<Results<Ok<CountyPageView>, ProblemHttpResult>> PreviewAsync(
        string countyId, SignedInStaff staff, CountyConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await configuration.GetAsync(staff, countyId, cancellationToken) is not { } county)
        {
            return BureauConfigurationApi.Problem(new ConfigurationOutcome.NotFound());
        }

        var previewed = county.DraftTexts is { } draft ? county.Publishing(draft) : county;
        return TypedResults.Ok(new CountyPageView(PublicCountyView.From(previewed, time.GetUtcNow()), previewed.Schools.Select(s => PublicSchoolView.From(s, previewed)).ToList()));
    }

    public static async Task<Results<Ok<PublicTextsView>, ProblemHttpResult>> PublishAsync(
        string countyId, ReasonBody body, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInStaff staff, HttpContext context,
        CountyConfiguration configuration, CancellationToken cancellationToken)
    {
        if (BureauConfigurationApi.Version(ifMatch) is not { } version)
        {
            return BureauConfigurationApi.VersionRequired(ifMatch);
        }

        return Answer(await configuration.PublishTextsAsync(staff, countyId, version, body.Reason, cancellationToken), context);
    }

    private static Results<Ok<PublicTextsView>, ProblemHttpResult> Answer(ConfigurationOutcome outcome, HttpContext context)
    {
        if (outcome is ConfigurationOutcome.Changed changed)
        {
            context.Response.Headers.ETag = BureauConfigurationApi.ETag(changed.County);
            return TypedResults.Ok(PublicTextsView.From(changed.County));
        }

        return BureauConfigurationApi.Problem(outcome);
    }
}

/// <summary>The next version of the texts, whole, and why it changes (for the audit log).</summary>
public sealed record DraftTextsBody(PublicPolicy? Policy, IReadOnlyList<RequiredMaterial?>? Materials, ComplaintChannel? Complaints, IReadOnlyDictionary<string, string>? SchoolRules, string? Reason);

public sealed record ReasonBody(string? Reason);

public sealed record PublicTextsView(int Version, PublicTexts Published, PublicTexts? Draft)
{
    public static PublicTextsView From(County county) => new(county.Version, PublicTexts.Of(county), county.DraftTexts);
}
