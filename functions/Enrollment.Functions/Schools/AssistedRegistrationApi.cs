using Enrollment.Core.Applications;
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
            .WithSummary("Register on a family's behalf (the school is the first choice); the guardian's consent must be confirmed; the application belongs to the guardian's mobile number; audited as assisted.");
        return app;
    }

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

        var outcome = await assisted.SubmitAsync(staff, schoolId, submission.Form, submission.GuardianConsented == true, idempotencyKey, cancellationToken);
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

/// <summary>The family's form and the staff member's confirmation that the guardian consented in person.</summary>
public sealed record AssistedSubmission(ApplicationForm? Form, bool? GuardianConsented);
