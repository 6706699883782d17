using Enrollment.Core.Applications;
using Enrollment.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Parents;

/// <summary>The parent's API: submit an application, follow its status from the same phone.</summary>
public static class ParentsApi
{
    public static RouteGroupBuilder MapParentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/parent").WithTags("Parents");

        api.MapPost("/applications", SubmitAsync)
            .WithName("SubmitApplication")
            .WithSummary("Submit a child's application; retries with the same Idempotency-Key return the first answer.");
        api.MapGet("/applications", ListMineAsync)
            .WithName("ListMyApplications")
            .WithSummary("The applications submitted from this phone.");
        api.MapGet("/applications/{applicationId}", GetAsync)
            .WithName("GetApplication")
            .WithSummary("One application submitted from this phone: one point read.");

        return api;
    }

    public static async Task<Results<Created<ApplicationView>, Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitApplicationRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext context,
        ApplicationService applications,
        ParentSessionCookie session,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && !SubmitApplicationValidation.IsValidIdempotencyKey(idempotencyKey))
        {
            return Problems.Problems.InvalidIdempotencyKey();
        }

        var outcome = await applications.SubmitAsync(request, idempotencyKey, cancellationToken);
        switch (outcome)
        {
            case SubmitOutcome.Accepted accepted:
                var application = accepted.Application;
                session.Add(context, new ApplicationReference(application.Id, application.SchoolId));
                var view = ApplicationView.From(application);
                return accepted.Replayed ? TypedResults.Ok(view) : TypedResults.Created($"/api/parent/applications/{application.Id}", view);
            case SubmitOutcome.Invalid invalid:
                return Problems.Problems.Invalid(invalid.Errors);
            case SubmitOutcome.WindowNotOpen closed:
                return Problems.Problems.WindowNotOpen(closed.Window, closed.State);
            case SubmitOutcome.TooYoung young:
                return Problems.Problems.TooYoung(young.LatestBirthDate);
            case SubmitOutcome.AlreadyApplied:
                return Problems.Problems.AlreadyApplied();
            default:
                throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}.");
        }
    }

    public static async Task<Ok<ApplicationView[]>> ListMineAsync(HttpRequest request, ParentSessionCookie session, ApplicationService applications, CancellationToken cancellationToken)
    {
        var mine = session.Read(request)?.Applications ?? [];
        var found = await Task.WhenAll(mine.Select(reference => applications.GetAsync(reference, cancellationToken)));
        return TypedResults.Ok(found.OfType<Application>().Select(ApplicationView.From).ToArray());
    }

    public static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> GetAsync(
        string applicationId, HttpRequest request, ParentSessionCookie session, ApplicationService applications, CancellationToken cancellationToken)
    {
        // Only applications this phone submitted: anyone else's id answers 404, exactly like a missing one.
        var reference = session.Read(request)?.Applications.FirstOrDefault(a => a.ApplicationId == applicationId);
        var application = reference is null ? null : await applications.GetAsync(reference, cancellationToken);
        return application is null ? Problems.Problems.NotFound() : TypedResults.Ok(ApplicationView.From(application));
    }
}
