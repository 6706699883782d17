using Enrollment.Core.Staff;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Staff;

/// <summary>The county's staff accounts, kept by its bureau officers; auditors read the list.</summary>
public static class StaffAccountsApi
{
    public static IEndpointRouteBuilder MapStaffAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff/counties/{countyId}/accounts").WithTags("Bureau").RequireAuthorization(StaffAuthenticationHandler.Policy);
        api.MapGet("/", ListAsync).WithName("ListStaffAccounts")
            .WithSummary("The county's staff accounts: role, schools, disabled or locked; never a password hash or secret.");
        api.MapPost("/", CreateAsync).WithName("CreateStaffAccount")
            .WithSummary("Add a member of staff; the answer carries the first password (and a bureau officer's authenticator secret) once.");
        api.MapPatch("/{staffId}", ChangeAsync).WithName("ChangeStaffAccount")
            .WithSummary("Change the display name, schools or role, or disable or enable the account; its sessions end.");
        api.MapPost("/{staffId}/reset-password", ResetPasswordAsync).WithName("ResetStaffPassword")
            .WithSummary("A new first password, shown once; unlocks the account and ends its sessions.");
        return app;
    }

    public static async Task<Results<Ok<StaffAccountView[]>, ProblemHttpResult>> ListAsync(
        string countyId, SignedInStaff staff, StaffAccounts accounts, TimeProvider time, CancellationToken cancellationToken) =>
        await accounts.ListAsync(staff, countyId, cancellationToken) is { } list
            ? TypedResults.Ok(list.Select(a => StaffAccountView.From(a, time.GetUtcNow())).ToArray())
            : Problems.NotFound();

    public static async Task<Results<Created<NewStaffAccountView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string countyId, NewStaffRequest request, SignedInStaff staff, StaffAccounts accounts, TimeProvider time, CancellationToken cancellationToken) =>
        await accounts.CreateAsync(staff, countyId, request, cancellationToken) switch
        {
            StaffAccountOutcome.Done done => TypedResults.Created($"/api/staff/counties/{countyId}/accounts",
                new NewStaffAccountView(StaffAccountView.From(done.Account, time.GetUtcNow()), done.Password!, done.TotpSecret,
                    done.TotpSecret is null ? null : StaffSignIn.AuthenticatorUri("义务教育招生", done.Account.Id, done.TotpSecret))),
            StaffAccountOutcome.Exists => Problems.Problem(StatusCodes.Status409Conflict, "staff-exists", "登录名已被使用", "请换一个登录名，或在列表中找到已有账号修改。"),
            StaffAccountOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            _ => Problems.NotFound(),
        };

    public static async Task<Results<Ok<StaffAccountView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string countyId, string staffId, StaffChange change, SignedInStaff staff, StaffAccounts accounts, TimeProvider time, CancellationToken cancellationToken) =>
        await accounts.ChangeAsync(staff, countyId, staffId, change, cancellationToken) switch
        {
            StaffAccountOutcome.Done done => TypedResults.Ok(StaffAccountView.From(done.Account, time.GetUtcNow())),
            StaffAccountOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            _ => Problems.NotFound(),
        };

    public static async Task<Results<Ok<NewStaffAccountView>, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        string countyId, string staffId, SignedInStaff staff, StaffAccounts accounts, TimeProvider time, CancellationToken cancellationToken) =>
        await accounts.ResetPasswordAsync(staff, countyId, staffId, cancellationToken) switch
        {
            StaffAccountOutcome.Done done => TypedResults.Ok(new NewStaffAccountView(StaffAccountView.From(done.Account, time.GetUtcNow()), done.Password!, null, null)),
            StaffAccountOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            _ => Problems.NotFound(),
        };
}

public sealed record StaffAccountView(string Id, string DisplayName, StaffRole Role, IReadOnlyList<string> SchoolIds, bool Disabled, bool Locked, bool SecondFactor, string? MobileMasked, DateTimeOffset CreatedAt)
{
    public static StaffAccountView From(StaffAccount a, DateTimeOffset now) =>
        new(a.Id, a.DisplayName, a.Role, a.SchoolIds, a.Disabled, a.LockedUntil > now, a.TotpSecretEncrypted is not null, a.MobileMasked, a.CreatedAt);
}

/// <summary>Shown once: the first password and, for an officer, the authenticator secret; neither is stored readable.</summary>
public sealed record NewStaffAccountView(StaffAccountView Account, string Password, string? TotpSecret, string? AuthenticatorUri);
