using Enrollment.Core.Applications;
using Enrollment.Core.Drafts;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Parents;

/// <summary>Drafts saved as the guardian types; resumable on any phone the guardian signs in on.</summary>
public static class DraftsApi
{
    public static RouteGroupBuilder MapDraftsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/parent/drafts").WithTags("Parents").RequireAuthorization(ParentAuthenticationHandler.Policy);

        api.MapGet("/", ListAsync).WithName("ListDrafts").WithSummary("The signed-in guardian's drafts, newest first.");
        api.MapGet("/{draftId}", GetAsync).WithName("GetDraft").WithSummary("One draft, with its ETag for the next save.");
        api.MapPut("/{draftId}", SaveAsync).WithName("SaveDraft")
            .WithSummary("Save the form as typed so far. Send If-Match with the last ETag; 412 means another phone saved meanwhile.");
        api.MapDelete("/{draftId}", DeleteAsync).WithName("DeleteDraft").WithSummary("Discard a draft.");
        api.MapPost("/{draftId}/checks", CheckAsync).WithName("CheckDraft")
            .WithSummary("Ask the departments (data sharing) about each fact the draft claims; those not confirmed list the document to upload.");
        api.MapPut("/{draftId}/documents/{factKind}", AttachAsync).WithName("AttachDocument")
            .WithSummary("Attach an accepted upload to the fact that asked for it.");
        return api;
    }

    public static async Task<Ok<DraftView[]>> ListAsync(SignedInParent parent, DraftService drafts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await drafts.ListAsync(parent.ParentId, cancellationToken)).Select(DraftView.From).ToArray());

    public static async Task<Results<Ok<DraftView>, ProblemHttpResult>> GetAsync(string draftId, SignedInParent parent, HttpContext context, DraftService drafts, CancellationToken cancellationToken)
    {
        var draft = IsDraftId(draftId) ? await drafts.GetAsync(parent.ParentId, draftId, cancellationToken) : null;
        if (draft is null)
        {
            return DraftNotFound();
        }

        context.Response.Headers.ETag = HttpETag(draft.ETag);
        return TypedResults.Ok(DraftView.From(draft));
    }

    public static async Task<Results<Ok<DraftView>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string draftId, ApplicationForm form, [FromHeader(Name = "If-Match")] string? ifMatch, SignedInParent parent, HttpContext context, DraftService drafts, CancellationToken cancellationToken)
    {
        if (!IsDraftId(draftId))
        {
            return DraftNotFound();
        }

        var outcome = await drafts.SaveAsync(parent.ParentId, draftId, form, StoreETag(ifMatch), cancellationToken);
        switch (outcome)
        {
            case SaveDraftOutcome.Saved saved:
                context.Response.Headers.ETag = HttpETag(saved.Draft.ETag);
                return TypedResults.Ok(DraftView.From(saved.Draft));
            case SaveDraftOutcome.WindowNotOpen closed:
                return Problems.WindowNotOpen(closed.Window);
            case SaveDraftOutcome.Changed:
                return Problems.Problem(StatusCodes.Status412PreconditionFailed, "draft-changed", "草稿已在其他手机上修改",
                    "请刷新页面，载入最新的草稿后再继续填写。");
            case SaveDraftOutcome.UnknownCounty:
                return Problems.Invalid(new Dictionary<string, string[]> { ["countyId"] = ["请从学校的二维码或教育局公布的网址进入。"] });
            default:
                throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}.");
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string draftId, SignedInParent parent, DraftService drafts, CancellationToken cancellationToken) =>
        IsDraftId(draftId) && await drafts.DeleteAsync(parent.ParentId, draftId, cancellationToken)
            ? TypedResults.NoContent()
            : DraftNotFound();

    public static async Task<Results<Ok<FactView[]>, ProblemHttpResult>> CheckAsync(string draftId, SignedInParent parent, HttpContext context, DraftService drafts, CancellationToken cancellationToken)
    {
        var outcome = IsDraftId(draftId) ? await drafts.CheckAsync(parent.ParentId, draftId, cancellationToken) : new CheckDraftOutcome.NotFound();
        return outcome is CheckDraftOutcome.Checked checkedFacts ? Facts(context, checkedFacts) : DraftNotFound();
    }

    public static async Task<Results<Ok<FactView[]>, ProblemHttpResult>> AttachAsync(
        string draftId, Core.Outside.FactKind factKind, AttachDocumentRequest request, SignedInParent parent, HttpContext context, DraftService drafts, CancellationToken cancellationToken)
    {
        var outcome = IsDraftId(draftId) && Core.Uploads.UploadService.IsWellFormedUploadId(request.UploadId)
            ? await drafts.AttachAsync(parent.ParentId, draftId, factKind, request.UploadId!, cancellationToken)
            : new CheckDraftOutcome.NotFound();
        return outcome switch
        {
            CheckDraftOutcome.Checked checkedFacts => Facts(context, checkedFacts),
            CheckDraftOutcome.WrongDocument => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "wrong-document", "材料不对应",
                "请上传这一项要求的材料，上传完成后再提交。"),
            _ => DraftNotFound(),
        };
    }

    /// <summary>The facts, with the draft's new ETag: checking and attaching change the draft, and the page's next save must know.</summary>
    private static Ok<FactView[]> Facts(HttpContext context, CheckDraftOutcome.Checked checkedFacts)
    {
        context.Response.Headers.ETag = HttpETag(checkedFacts.ETag);
        return TypedResults.Ok(FactView.From(checkedFacts.Facts));
    }

    // The store's version tag, made opaque and quoted as HTTP wants it; an If-Match that was not ours matches nothing.
    private static string HttpETag(string storeETag) => $"\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(storeETag))}\"";

    private static string? StoreETag(string? ifMatch)
    {
        if (ifMatch is null)
        {
            return null;
        }

        var inner = ifMatch.Trim().Trim('"');
        var buffer = new byte[inner.Length];
        return Convert.TryFromBase64String(inner, buffer, out var length) ? System.Text.Encoding.UTF8.GetString(buffer, 0, length) : "\"unknown\"";
    }

    // The page names its drafts with a random UUID; anything else never reaches storage.
    private static bool IsDraftId(string draftId) => Guid.TryParseExact(draftId, "D", out _);

    private static ProblemHttpResult DraftNotFound() =>
        Problems.NotFound("没有找到这份草稿", "草稿可能已提交或已删除，请回到首页重新开始。");
}

public sealed record AttachDocumentRequest(string? UploadId);

/// <summary>A draft as the page reads it: its facts in the same words as the check step shows them (the page reopens a draft where it was left).</summary>
public sealed record DraftView(string Id, DraftState State, ApplicationForm Form, IReadOnlyList<FactView> Facts, DateTimeOffset UpdatedAt, string ETag)
{
    public static DraftView From(DraftContent draft) => new(draft.Id, draft.State, draft.Form, FactView.From(draft.Facts), draft.UpdatedAt, draft.ETag);
}
