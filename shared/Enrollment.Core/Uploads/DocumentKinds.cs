namespace Enrollment.Core.Uploads;

/// <summary>
/// The documents a guardian may be asked for: one per fact that data sharing can confirm (asked only
/// when it could not), and the birth certificate of a child with no identity document yet.
/// </summary>
public static class DocumentKinds
{
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>
    {
        ["household-register"] = "户口簿",
        ["property-certificate"] = "不动产权证书",
        ["sale-contract"] = "购房合同",
        ["rental-filing"] = "房屋租赁登记备案证明",
        ["residence-permit"] = "居住证",
        ["social-insurance"] = "社会保险缴费证明",
        ["business-licence"] = "个体工商户营业执照",
        ["enterprise-registration"] = "企业法人营业执照",
        ["birth-certificate"] = "出生医学证明",
    };

    public static bool IsKnown(string? kind) => kind is not null && Names.ContainsKey(kind);
}
