using Enrollment.Core.Checks;
using Enrollment.Core.Outside;
using Enrollment.Core.Uploads;

namespace Enrollment.Functions.Parents;

/// <summary>A checked fact as the page shows it: what it is, whether a department confirmed it, and what to upload if not.</summary>
public sealed record FactView(string Kind, string Name, string Subject, string Status, string StatusText, bool NeedsDocument, string DocumentKind, string DocumentName, string? UploadId)
{
    public static FactView[] From(IEnumerable<FactResult> facts) => facts.Select(From).ToArray();

    public static FactView From(FactResult f) => new(
        f.Kind.ToString(),
        Names[f.Kind],
        f.Subject == FactSubject.Child ? "孩子" : "监护人",
        f.Status.ToString(),
        f.Status switch
        {
            FactStatus.Matched => "已通过部门数据核验，无需上传",
            FactStatus.Pending => "部门系统繁忙，系统将自动重试核验，无需上传",
            _ when f.UploadId is not null => "已上传材料，待学校审核",
            _ => "部门数据未能核验，请上传" + DocumentKinds.Names[f.DocumentKind],
        },
        f.NeedsDocument,
        f.DocumentKind,
        DocumentKinds.Names[f.DocumentKind],
        f.UploadId);

    private static readonly Dictionary<FactKind, string> Names = new()
    {
        [FactKind.HouseholdRegistration] = "户籍信息",
        [FactKind.PropertyRegistration] = "不动产登记",
        [FactKind.SaleContract] = "购房网签合同",
        [FactKind.RentalFiling] = "房屋租赁备案",
        [FactKind.ResidencePermit] = "居住证",
        [FactKind.SocialInsurance] = "社会保险参保",
        [FactKind.BusinessLicence] = "个体工商户营业执照",
        [FactKind.EnterpriseRegistration] = "企业法人登记",
    };
}
