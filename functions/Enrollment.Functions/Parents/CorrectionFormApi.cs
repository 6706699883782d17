using Enrollment.Core.Applications;
using Enrollment.Core.Checks;
using Enrollment.Core.Uploads;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Parents;

/// <summary>A document the school asked for: the fact it proves (the key of the correction's <c>documents</c>), what to upload, its name.</summary>
public sealed record CorrectionDocumentView(string Kind, string DocumentKind, string Name);

/// <summary>A returned application as its guardian submitted it, and what the school asked to correct, by when.</summary>
public sealed record CorrectionFormView(
    string Id,
    ApplicationForm Form,
    IReadOnlyList<string> Fields,
    IReadOnlyList<CorrectionDocumentView> Documents,
    string Message,
    DateTimeOffset Deadline);

/// <summary>
/// 退回补充, the page's side: the submitted form, so the guardian corrects it rather than typing it again.
/// Only its owner reads it, and only while the school waits for the correction (it carries full ID numbers).
/// </summary>
public static class CorrectionFormApi
{
    public static RouteHandlerBuilder MapCorrectionFormApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/parent/applications/{applicationId}/form", GetAsync)
            .WithTags("Parents")
            .RequireAuthorization(ParentAuthenticationHandler.Policy)
            .WithName("GetApplicationFormForCorrection")
            .WithSummary("The whole form of an application the school returned for correction, for its owner; 404 for any other, 409 when no correction is asked.");

    public static async Task<Results<Ok<CorrectionFormView>, ProblemHttpResult>> GetAsync(
        string applicationId, SignedInParent parent, HttpContext context, Core.Parents.ParentAccounts accounts, Corrections corrections, CancellationToken cancellationToken)
    {

        // The cookie knows this phone's applications; the account knows those made on other phones.
        var reference = parent.Applications.FirstOrDefault(a => a.ApplicationId == applicationId)
            ?? (await accounts.GetAsync(parent.ParentId, cancellationToken))?.Applications.FirstOrDefault(a => a.ApplicationId == applicationId);
        var found = reference is null ? null : await corrections.GetFormAsync(parent.ParentId, reference, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound();
        }

        if (found.Application is not { Status: ApplicationStatus.ReturnedForCorrection, Correction: { } request })
        {
            return Problems.Problem(StatusCodes.Status409Conflict, "correction-not-allowed", "不需要补充",
                "这份报名现在不需要补充，请返回“我的报名”查看最新进度。");
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new CorrectionFormView(
            found.Application.Id,
            found.Form,
            request.Fields,
            request.Documents.Select(d => new CorrectionDocumentView(d.ToString(), DataSharingChecks.DocumentFor(d), DocumentKinds.Names[DataSharingChecks.DocumentFor(d)])).ToList(),
            request.Message,
            request.Deadline));
    }
}
