using Enrollment.Core.Counties;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Applications;

/// <summary>
/// 报名回执: what the family prints or shows once it has applied, and what a school checks when the family brings it to
/// on-site verification (现场核验). The code proves the paper came from this service; the identity number is masked.
/// </summary>
public sealed record RegistrationReceipt(
    string ApplicationId,
    string CountyName,
    int EnrollmentYear,
    string SchoolId,
    string SchoolName,
    string ChildName,
    string? DocumentNumberMasked,
    DateTimeOffset SubmittedAt,
    ApplicationStatus Status,
    string StatusText,
    string Code);

public sealed class Receipts(ICountyStore counties, IApplicationStore applications, PersonalDataProtector protector)
{
    private const string Purpose = "registration-receipt";

    /// <summary>The family's receipt for its own application; null for anyone else's.</summary>
    public async Task<RegistrationReceipt?> ForParentAsync(string parentId, ApplicationReference reference, CancellationToken cancellationToken) =>
        await applications.GetParentsAsync(parentId, reference, cancellationToken) is { } application ? await ReceiptOfAsync(application, cancellationToken) : null;

    /// <summary>At the school: the receipt behind a scanned or typed code, if the code is the application's and it is one of the staff's schools.</summary>
    public async Task<RegistrationReceipt?> VerifyAsync(StaffAccount staff, string schoolId, string applicationId, string? code, CancellationToken cancellationToken) =>
        await applications.GetAtStaffSchoolAsync(staff, schoolId, applicationId, cancellationToken) is { } application
            && protector.IsPaperCode(Purpose, application.CountyId, application.Id, code)
            ? await ReceiptOfAsync(application, cancellationToken)
            : null;

    private async Task<RegistrationReceipt?> ReceiptOfAsync(Application application, CancellationToken cancellationToken) =>
        await counties.GetAsync(application.CountyId, cancellationToken) is { } county
            ? new RegistrationReceipt(application.Id, county.Name, application.EnrollmentYear, application.SchoolId, application.SchoolName, application.Child.Name,
                application.Child.DocumentNumberMasked, application.SubmittedAt, application.Status, StatusGuide.For(application.Status).Text, protector.PaperCode(Purpose, application.CountyId, application.Id))
            : null;
}
