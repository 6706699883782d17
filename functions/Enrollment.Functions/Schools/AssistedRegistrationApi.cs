using Enrollment.Core.Applications;
using Enrollment.Core.Uploads;
using Enrollment.Functions.Http;
using Enrollment.Functions.Parents;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Schools;

/// <summary>代为报名: staff at an offline service point register a child for a family without a phone.</summary>
public static class AssistedRegistrationApi
{
    public static IEndpointRouteBuilder MapAssistedRegistrationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/staff/schools/{schoolId}/assisted-applications", SubmitAsync)
            .RequireAuthorization(StaffAuthenticationHandler.Policy)
            .WithTags("Schools")
            .WithName("SubmitAssistedApplication")
            .WithSummary("Register on a family's behalf (the school is the first choice); the guardian's consent must be confirmed; the application belongs to the guardian's mobile number; audited as assisted. documents maps a fact kind to an upload made for the guardian.");
        var uploads = app.MapGroup("/api/staff/schools/{schoolId}/assisted-uploads").RequireAuthorization(StaffAuthenticationHandler.Policy).WithTags("Schools");
        uploads.MapPost("/", StartUploadAsync).WithName("StartAssistedUpload")
            .WithSummary("A write-only link for one document staff photograph for the family (owned by the guardian's mobile number); PUT the file there.");
        uploads.MapPost("/{uploadId}/accept", AcceptUploadAsync).WithName("FinishAssistedUpload")
            .WithSummary("Checks and keeps the document uploaded for the guardian, as a parent's upload is kept.");
        return app;
    }

    public static async Task<Results<Created<UploadSlotView>, ValidationProblem, ProblemHttpResult>> StartUploadAsync(
        string schoolId, AssistedUploadRequest request, SignedInStaff staff, AssistedRegistration assisted, UploadService uploads, CancellationToken cancellationToken) =>
        await assisted.GuardianAsync(staff, schoolId, request.Mobile, cancellationToken) is { } owner
            ? await UploadsApi.IssueForAsync(new UploadRequest(request.Kind, request.ContentType, request.Length), owner, uploads, cancellationToken)
            : GuardianMobileNeeded();

    public static async Task<Results<Ok<DocumentView>, ProblemHttpResult>> AcceptUploadAsync(
        string schoolId, string uploadId, AssistedUploadOwner request, SignedInStaff staff, AssistedRegistration assisted, UploadService uploads, CancellationToken cancellationToken) =>
        await assisted.GuardianAsync(staff, schoolId, request.Mobile, cancellationToken) is { } owner
            ? await UploadsApi.AcceptForAsync(uploadId, owner, uploads, cancellationToken)
            : Problems.NotFound("没有找到这次上传", "请用上传时填写的监护人手机号码完成上传。");

    private static ValidationProblem GuardianMobileNeeded() =>
        Problems.Invalid(new Dictionary<string, string[]> { ["mobile"] = ["请填写监护人本人的手机号码：材料归属于这个号码对应的报名。"] });

    public static async Task<Results<Created<ApplicationView>, Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string schoolId,
        AssistedSubmission submission,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        SignedInStaff staff,
        AssistedRegistration assisted,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !ApplicationFormValidation.IsValidIdempotencyKey(idempotencyKey))
        {
            return Problems.InvalidIdempotencyKey();
        }

        if (submission.Form is null)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["form"] = ["请填写报名信息。"] });
        }

        var outcome = await assisted.SubmitAsync(staff, schoolId, submission.Form, submission.GuardianConsented == true, idempotencyKey, submission.Documents, cancellationToken);
        return outcome switch
        {
            AssistedOutcome.NotFound => Problems.NotFound(),
            AssistedOutcome.ConsentNotConfirmed => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "guardian-consent-required", "需要监护人同意",
                "请先向监护人宣读个人信息处理说明，监护人当面签字同意后再勾选“监护人已同意”并提交。"),
            AssistedOutcome.Submitted { Outcome: SubmitOutcome.Accepted accepted } => accepted.Replayed
                ? TypedResults.Ok(ApplicationView.From(accepted.Application))
                : TypedResults.Created($"/api/staff/schools/{accepted.Application.SchoolId}/applications/{accepted.Application.Id}", ApplicationView.From(accepted.Application)),
            AssistedOutcome.Submitted { Outcome: SubmitOutcome.Invalid invalid } => Problems.Invalid(invalid.Errors),
            AssistedOutcome.Submitted submitted => ParentsApi.Refused(submitted.Outcome),
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
        };
    }
}

/// <summary>The family's form, the staff member's confirmation that the guardian consented in person, and documents uploaded for the family.</summary>
public sealed record AssistedSubmission(ApplicationForm? Form, bool? GuardianConsented, IReadOnlyDictionary<Core.Outside.FactKind, string>? Documents = null);

/// <summary>A document to upload for the family: the guardian's mobile number (whose account will own it) and the file's kind, type and size.</summary>
public sealed record AssistedUploadRequest(string? Mobile, string? Kind, string? ContentType, long? Length);

public sealed record AssistedUploadOwner(string? Mobile);
