using Enrollment.Core.Announcements;
using Enrollment.Functions.Http;
using Enrollment.Functions.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Bureau;

/// <summary>Notices, policy answers and statements: the county's officers publish and withdraw them, anyone reads the published ones.</summary>
public static class AnnouncementsApi
{
    public static IEndpointRouteBuilder MapAnnouncementsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff/counties/{countyId}/announcements").WithTags("Bureau").RequireAuthorization(StaffAuthenticationHandler.Policy);
        staff.MapGet("/", ListAsync).WithName("ListAnnouncements")
            .WithSummary("Every announcement of the county, withdrawn ones too, newest first: for its officers and auditors.");
        staff.MapPost("/", PublishAsync).WithName("PublishAnnouncement")
            .WithSummary("Publishes a notice, a policy answer or a statement (kind, title, body): public at once, audited.");
        staff.MapDelete("/{announcementId}", WithdrawAsync).WithName("WithdrawAnnouncement")
            .WithSummary("Takes an announcement off the public pages (reason required, audited); the text stays for the record.");
        app.MapGet("/api/public/counties/{countyId}/announcements", PublishedAsync).WithTags("Public").WithName("GetAnnouncements")
            .WithSummary("The county's published announcements, newest first, with their dates.");
        return app;
    }

    public static async Task<Results<Ok<AnnouncementView[]>, ProblemHttpResult>> PublishedAsync(string countyId, Announcements announcements, CancellationToken cancellationToken) =>
        await announcements.PublishedAsync(countyId, cancellationToken) is { } list
            ? TypedResults.Ok(list.Select(AnnouncementView.From).ToArray())
            : Problems.CountyOrSchoolNotFound();

    public static async Task<Results<Ok<Announcement[]>, ProblemHttpResult>> ListAsync(string countyId, SignedInStaff staff, Announcements announcements, CancellationToken cancellationToken) =>
        await announcements.ListAsync(staff, countyId, cancellationToken) is { } list ? TypedResults.Ok(list.ToArray()) : Problems.NotFound();

    public static async Task<Results<Created<Announcement>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string countyId, NewAnnouncement request, SignedInStaff staff, Announcements announcements, CancellationToken cancellationToken) =>
        await announcements.PublishAsync(staff, countyId, request, cancellationToken) switch
        {
            AnnouncementOutcome.Done done => TypedResults.Created($"/api/public/counties/{countyId}/announcements", done.Announcement),
            AnnouncementOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            var outcome => Problem(outcome),
        };

    public static async Task<Results<Ok<Announcement>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        string countyId, string announcementId, [FromQuery] string? reason, SignedInStaff staff, Announcements announcements, CancellationToken cancellationToken) =>
        await announcements.WithdrawAsync(staff, countyId, announcementId, reason, cancellationToken) switch
        {
            AnnouncementOutcome.Done done => TypedResults.Ok(done.Announcement),
            AnnouncementOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            var outcome => Problem(outcome),
        };

    private static ProblemHttpResult Problem(AnnouncementOutcome outcome) => outcome switch
    {
        AnnouncementOutcome.ReadOnly => Problems.ReadOnly("没有发布权限", "只有本县教育局招生工作人员可以发布或撤回公告，您可以查看。"),
        _ => Problems.NotFound(),
    };
}

/// <summary>An announcement as the public pages show it: no staff names.</summary>
public sealed record AnnouncementView(string Id, AnnouncementKind Kind, string KindText, string Title, string Body, DateTimeOffset PublishedAt)
{
    public static AnnouncementView From(Announcement a) => new(a.Id, a.Kind, a.Kind switch
    {
        AnnouncementKind.Answer => "政策问答",
        AnnouncementKind.Statement => "情况说明",
        _ => "通知公告",
    }, a.Title, a.Body, a.PublishedAt);
}
