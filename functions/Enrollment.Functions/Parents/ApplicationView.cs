using Enrollment.Core.Applications;
using Enrollment.Core.Identity;

namespace Enrollment.Functions.Parents;

/// <summary>What a parent sees of their own application; document and mobile numbers only masked.</summary>
public sealed record ApplicationView(
    string Id,
    string Status,
    string StatusText,
    string StatusMeaning,
    string NextStep,
    string ParentCanDo,
    IReadOnlyList<TimelineEntry> Timeline,
    string CountyId,
    string SchoolId,
    string SchoolName,
    IReadOnlyList<string> SchoolIds,
    int EnrollmentYear,
    string ChildName,
    string ChildDocumentType,
    string? ChildDocumentNumberMasked,
    DateOnly ChildBirthDate,
    string ChildSex,
    IReadOnlyList<GuardianView> Guardians,
    string ResidenceBasis,
    IReadOnlyList<FactView> Facts,
    IReadOnlyList<RealNameView> RealNames,
    CorrectionView? Correction,
    DateTimeOffset SubmittedAt,
    LotteryTicketView? Lottery = null,
    int? Class = null)
{
    public static ApplicationView From(Application a) => new(
        a.Id,
        a.Status.ToString(),
        StatusGuide.For(a.Status).Text,
        StatusGuide.For(a.Status).Meaning,
        StatusGuide.For(a.Status).NextStep,
        StatusGuide.For(a.Status).ParentCanDo,
        a.History.Select(h => new TimelineEntry(h.Status.ToString(), StatusGuide.For(h.Status).Text, h.At, h.By.ToString(), h.Note)).ToList(),
        a.CountyId,
        a.SchoolId,
        a.SchoolName,
        a.SchoolIds,
        a.EnrollmentYear,
        a.Child.Name,
        a.Child.DocumentType.ToString(),
        a.Child.DocumentNumberMasked,
        a.Child.BirthDate,
        a.Child.Sex == Sex.Male ? "男" : "女",
        a.Family.Where(m => m.IsGuardian).Select(m => new GuardianView(m.Name, m.MobileMasked)).ToList(),
        a.Residence.Basis.ToString()!,
        FactView.From(a.Facts),
        a.RealNames.Select(r => new RealNameView(r.Subject == Core.Checks.FactSubject.Child ? "孩子" : "监护人", r.Status.ToString(),
            r.Status switch
            {
                Core.Checks.RealNameStatus.Verified => "实名核验通过",
                Core.Checks.RealNameStatus.Pending => "实名核验中，系统将自动重试",
                _ => "姓名与证件号码不一致，请联系学校更正",
            })).ToList(),
        a.Correction is { } c
            ? new CorrectionView(c.Fields, c.Documents.Select(d => Core.Uploads.DocumentKinds.Names[Core.Checks.DataSharingChecks.DocumentFor(d)]).ToList(), c.Message, c.Deadline)
            : null,
        a.SubmittedAt,
        a.Lottery is { } t ? new LotteryTicketView(t.Pseudonym, t.Number, t.Position, t.Offered, a.Status == ApplicationStatus.Offered ? t.OfferExpires : null,
            $"/api/public/counties/{a.CountyId}/lotteries/{a.SchoolId}/transcript.txt") : null,
        a.Status == ApplicationStatus.Admitted ? a.Class : null);
}

public sealed record GuardianView(string Name, string MobileMasked);

/// <summary>The family's own line in the school's lottery: its pseudonym (to find itself in the public list), number and place.</summary>
public sealed record LotteryTicketView(string Pseudonym, string? Number, int? Position, bool? Offered, DateTimeOffset? OfferExpires, string TranscriptUrl);

public sealed record TimelineEntry(string Status, string Text, DateTimeOffset At, string By, string? Note);

public sealed record RealNameView(string Subject, string Status, string StatusText);

/// <summary>What the school asked for: the fields (paths into the form) and documents to correct, why, and by when.</summary>
public sealed record CorrectionView(IReadOnlyList<string> Fields, IReadOnlyList<string> Documents, string Message, DateTimeOffset Deadline);
