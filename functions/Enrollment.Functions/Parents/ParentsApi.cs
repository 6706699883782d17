using Enrollment.Core.Applications;
using Enrollment.Core.Security;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Parents;

/// <summary>The parent's applications: submit one, follow them. Every route needs a signed-in parent.</summary>
public static class ParentsApi
{
    public static RouteGroupBuilder MapParentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/parent/applications").WithTags("Parents").RequireAuthorization(ParentAuthenticationHandler.Policy);

        api.MapPost("/", SubmitAsync)
            .WithName("SubmitApplication")
            .WithSummary("Submit a child's application; retries with the same Idempotency-Key return the first answer.");
        api.MapGet("/", ListMineAsync)
            .WithName("ListMyApplications")
            .WithSummary("The signed-in parent's applications.");
        api.MapGet("/{applicationId}", GetAsync)
            .WithName("GetApplication")
            .WithSummary("One of the signed-in parent's applications: one point read.");

        api.MapPut("/{applicationId}/correction", CorrectAsync)
            .WithName("CorrectApplication")
            .WithSummary("Resubmit an application the school returned: only the fields and documents it named may change, before its deadline.");
        api.MapPost("/{applicationId}/withdraw", WithdrawAsync)
            .WithName("WithdrawApplication")
            .WithSummary("Withdraw before the registration deadline; the child may then apply again.");
        api.MapPost("/{applicationId}/offer", RespondToOfferAsync)
            .WithName("RespondToOffer")
            .WithSummary("Confirm (accept: true) or give up (accept: false) a place the lottery offered, before its deadline; giving up passes it down the waitlist.");

        return api;
    }

    public static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> CorrectAsync(
        string applicationId, CorrectionSubmission submission, SignedInParent parent, Core.Parents.ParentAccounts accounts, Corrections corrections, CancellationToken cancellationToken)
    {
        var reference = await FindAsync(parent.Session, applicationId, accounts, cancellationToken);
        var outcome = reference is null || submission.Form is null
            ? new CorrectionOutcome.NotFound()
            : await corrections.CorrectAsync(parent.ParentId, reference, submission.Form, submission.Documents ?? [], cancellationToken);
        return outcome switch
        {
            CorrectionOutcome.Done done => TypedResults.Ok(ApplicationView.From(done.Application)),
            CorrectionOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            CorrectionOutcome.NotAllowed refused => Problems.Problem(StatusCodes.Status409Conflict, "correction-not-allowed", "不能补充", refused.Reason),
            _ => Problems.NotFound(),
        };
    }

    public static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> WithdrawAsync(
        string applicationId, SignedInParent parent, Core.Parents.ParentAccounts accounts, ApplicationService applications, CancellationToken cancellationToken)
    {
        var reference = await FindAsync(parent.Session, applicationId, accounts, cancellationToken);
        var outcome = reference is null ? new WithdrawOutcome.NotFound() : await applications.WithdrawAsync(parent.ParentId, reference, cancellationToken);
        return outcome switch
        {
            WithdrawOutcome.Withdrawn withdrawn => TypedResults.Ok(ApplicationView.From(withdrawn.Application)),
            WithdrawOutcome.NotAllowed refused => Problems.Problem(StatusCodes.Status409Conflict, "withdraw-not-allowed", "不能撤回", refused.Reason),
            _ => Problems.NotFound(),
        };
    }

    public static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> RespondToOfferAsync(
        string applicationId, OfferResponse response, SignedInParent parent, Core.Parents.ParentAccounts accounts, Core.Lottery.Lotteries lotteries, CancellationToken cancellationToken)
    {
        if (response.Accept is not { } accept)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["accept"] = ["请选择确认入学还是放弃学位。"] });
        }
        var reference = await FindAsync(parent.Session, applicationId, accounts, cancellationToken);
        var outcome = reference is null ? new Core.Lottery.OfferOutcome.NotFound() : await lotteries.RespondAsync(parent.ParentId, reference, accept, cancellationToken);
        return outcome switch
        {
            Core.Lottery.OfferOutcome.Done done => TypedResults.Ok(ApplicationView.From(done.Application)),
            Core.Lottery.OfferOutcome.NotOffered refused => Problems.Problem(StatusCodes.Status409Conflict, "no-offer", "没有待确认的学位", refused.Reason),
            _ => Problems.NotFound(),
        };
    }

    /// <summary>The cookie knows this phone's applications (no read); the account knows those made on other phones.</summary>
    internal static async Task<ApplicationReference?> FindAsync(ParentSession session, string applicationId, Core.Parents.ParentAccounts accounts, CancellationToken cancellationToken) =>
        session.Applications.FirstOrDefault(a => a.ApplicationId == applicationId)
            ?? (await accounts.GetAsync(session.ParentId, cancellationToken))?.Applications.FirstOrDefault(a => a.ApplicationId == applicationId);

    public static async Task<Results<Created<ApplicationView>, Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        ApplicationForm form,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromQuery] Guid? draftId,
        SignedInParent parent, HttpContext context,
        ApplicationService applications,
        ParentSessionCookie cookie,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !ApplicationFormValidation.IsValidIdempotencyKey(idempotencyKey))
        {
            return Problems.InvalidIdempotencyKey();
        }
        var outcome = await applications.SubmitAsync(parent.ParentId, form, idempotencyKey, draftId?.ToString(), cancellationToken);
        switch (outcome)
        {
            case SubmitOutcome.Accepted accepted:
                var application = accepted.Application;
                cookie.AddApplication(context, parent.Session, new ApplicationReference(application.Id, application.SchoolId));
                var view = ApplicationView.From(application);
                return accepted.Replayed ? TypedResults.Ok(view) : TypedResults.Created($"/api/parent/applications/{application.Id}", view);
            case SubmitOutcome.Invalid invalid:
                return Problems.Invalid(invalid.Errors);
            default:
                return Refused(outcome);
        }
    }

    /// <summary>Why a submit was refused, in the parent's words; shared with assisted registration, which is refused for the same reasons.</summary>
    public static ProblemHttpResult Refused(SubmitOutcome outcome) => outcome switch
    {
        SubmitOutcome.WindowNotOpen closed => Problems.WindowNotOpen(closed.Window),
        SubmitOutcome.TooYoung young => Problems.TooYoung(young.LatestBirthDate),
        SubmitOutcome.AlreadyApplied => Problems.AlreadyApplied(),
        SubmitOutcome.ConsentRequired => Problems.ConsentRequired(),
        SubmitOutcome.DocumentsNeeded needed => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "documents-needed", "还需要上传材料",
            "以下信息未能通过部门数据核验，请上传对应材料后再提交：" + string.Join("、", needed.Facts.Where(f => f.NeedsDocument).Select(f => Core.Uploads.DocumentKinds.Names[f.DocumentKind])) + "。已填写的内容不会丢失。",
            new Dictionary<string, object?> { ["facts"] = FactView.From(needed.Facts) }),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
    };

    public static async Task<Ok<ApplicationView[]>> ListMineAsync(SignedInParent parent, Core.Parents.ParentAccounts accounts, ApplicationService applications, CancellationToken cancellationToken)
    {
        // The account, not the cookie, is the list of record: it includes applications made on another phone.
        var parentId = parent.ParentId;
        var account = await accounts.GetAsync(parentId, cancellationToken);
        var found = await Task.WhenAll((account?.Applications ?? []).Select(reference => applications.GetAsync(parentId, reference, cancellationToken)));
        return TypedResults.Ok(found.OfType<Application>().Select(ApplicationView.From).ToArray());
    }

    public static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> GetAsync(
        string applicationId, SignedInParent parent, Core.Parents.ParentAccounts accounts, ApplicationService applications, CancellationToken cancellationToken)
    {
        var reference = await FindAsync(parent.Session, applicationId, accounts, cancellationToken);

        // Another parent's id answers 404, exactly like a missing one.
        var application = reference is null ? null : await applications.GetAsync(parent.ParentId, reference, cancellationToken);
        return application is null ? Problems.NotFound() : TypedResults.Ok(ApplicationView.From(application));
    }
}

/// <summary>A returned application, corrected: the whole form as it should now be, and an accepted upload for each document asked for.</summary>
public sealed record CorrectionSubmission(ApplicationForm? Form, Dictionary<Core.Outside.FactKind, string>? Documents);

public sealed record OfferResponse(bool? Accept);
