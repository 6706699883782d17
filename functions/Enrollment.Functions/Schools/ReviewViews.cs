using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Review;
using Enrollment.Core.Uploads;
using Enrollment.Functions.Parents;

namespace Enrollment.Functions.Schools;

/// <summary>The school's plan, its queues' counts, and the choices a reviewer picks from when returning or rejecting.</summary>
public sealed record SchoolSummaryView(
    string SchoolId,
    string SchoolName,
    int Places,
    int Classes,
    IReadOnlyDictionary<Queue, int> Counts,
    IReadOnlyList<Choice> CorrectableFields,
    IReadOnlyList<Choice> CorrectableDocuments,
    IReadOnlyList<Choice> RejectionReasons)
{
    public static SchoolSummaryView From(SchoolSummary s) => new(
        s.School.Id,
        s.School.Name,
        s.School.Plan.Places,
        s.School.Plan.Classes,
        s.Counts,
        Reviews.CorrectableFields.Select(f => new Choice(f.Key, f.Value)).ToList(),
        Enum.GetValues<Core.Outside.FactKind>().Select(k => new Choice(k.ToString(), DocumentKinds.Names[Core.Checks.DataSharingChecks.DocumentFor(k)])).ToList(),
        Reviews.RejectionReasons.Select(r => new Choice(r.Key.ToString(), r.Value)).ToList());
}

public sealed record Choice(string Value, string Text);

/// <summary>One line of a queue: masked name and document number only.</summary>
public sealed record QueueItemView(string Id, string ChildName, string? DocumentNumber, string Status, string StatusText, DateTimeOffset SubmittedAt, bool AllConfirmed,
    bool OutsideCatchment)
{
    public static QueueItemView From(QueueItem i) =>
        new(i.Id, i.ChildNameMasked, i.DocumentNumberMasked, i.Status.ToString(), StatusGuide.For(i.Status).Text, i.SubmittedAt, i.AllConfirmed, i.OutsideCatchment);
}

public sealed record QueuePageView(IReadOnlyList<QueueItemView> Items, string? ContinuationToken);

/// <summary>
/// The whole application for the reviewer: the child and family (document and phone numbers masked as stored), the
/// facts and which the departments confirmed, the documents behind short-lived links, and the history.
/// </summary>
public sealed record ReviewDetailView(
    string Id,
    string Status,
    string StatusText,
    string SchoolId,
    string SchoolName,
    DateTimeOffset SubmittedAt,
    string ChildName,
    string ChildDocumentType,
    string? ChildDocumentNumber,
    DateOnly ChildBirthDate,
    string ChildSex,
    string HouseholdRegistrationPlace,
    string CurrentAddress,
    IReadOnlyList<FamilyMemberView> Family,
    string ResidenceBasis,
    string? ResidenceAddress,
    IReadOnlyList<PriorityClaimForm> PriorityClaims,
    IReadOnlyList<FactView> Facts,
    IReadOnlyList<RealNameView> RealNames,
    bool AllConfirmed,
    IReadOnlyList<ReviewDocumentView> Documents,
    IReadOnlyList<TimelineEntry> Timeline,
    CorrectionView? Correction,
    CatchmentCheck? Catchment)
{
    public static ReviewDetailView From(ApplicationDetail detail)
    {
        var a = detail.Application;
        var parentView = ApplicationView.From(a);
        return new(
            a.Id, a.Status.ToString(), StatusGuide.For(a.Status).Text, a.SchoolId, a.SchoolName, a.SubmittedAt,
            a.Child.Name, a.Child.DocumentType.ToString(), a.Child.DocumentNumberMasked, a.Child.BirthDate, a.Child.Sex == Sex.Male ? "男" : "女",
            a.Child.HouseholdRegistrationPlace, a.Child.CurrentAddress,
            a.Family.Select(m => new FamilyMemberView(m.Name, m.Relationship.ToString(), m.IsGuardian, m.MobileMasked, m.DocumentNumberMasked)).ToList(),
            a.Residence.Basis?.ToString() ?? "", a.Residence.Address,
            a.PriorityClaims,
            parentView.Facts, parentView.RealNames, Reviews.AllConfirmed(a),
            detail.Documents.Select(d => new ReviewDocumentView(d.Fact.ToString(), DocumentKinds.Names.GetValueOrDefault(d.Kind, d.Kind), d.ContentType, d.Link.Url, d.Link.ExpiresAt)).ToList(),
            parentView.Timeline, parentView.Correction, detail.Catchment);
    }
}

public sealed record FamilyMemberView(string Name, string Relationship, bool IsGuardian, string MobileMasked, string? DocumentNumberMasked);

/// <summary>A document to open in the browser; the link reads this one file and expires in minutes.</summary>
public sealed record ReviewDocumentView(string Fact, string Name, string ContentType, Uri Url, DateTimeOffset ExpiresAt);

public sealed record ReturnRequest(IReadOnlyList<string>? Fields, IReadOnlyList<Core.Outside.FactKind>? Documents, string? Message, DateTimeOffset? Deadline);

public sealed record RejectRequest(RejectionReason? Reason, string? Text);

/// <summary>For a family claiming an older child at the school: whether the school confirmed it (unconfirmed gives no priority).</summary>
public sealed record ApproveRequest(bool? SiblingConfirmed);

public sealed record BulkApprovalView(IReadOnlyList<string> Approved, IReadOnlyList<SkippedApplication> Skipped);
