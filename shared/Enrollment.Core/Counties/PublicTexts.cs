using Enrollment.Core.Applications;

namespace Enrollment.Core.Counties;

/// <summary>
/// The texts the bureau publishes in its own words (阳光招生): the policy, entry conditions and procedure, the materials
/// list with why each item is needed (日照 #4, 备注其必要性), the hotline and complaint channels, and each school's own
/// rules (学校实施办法). Edited as a draft, previewed, then published whole; the public pages read only what was published.
/// </summary>
public sealed record PublicTexts(
    PublicPolicy? Policy,
    IReadOnlyList<RequiredMaterial?>? Materials,
    ComplaintChannel? Complaints,
    IReadOnlyDictionary<string, string>? SchoolRules)
{
    public const int MaxSummaryLength = 2000;
    public const int MaxItems = 30;
    public const int MaxItemLength = 200;
    public const int MaxSchoolRulesLength = 5000;

    /// <summary>The texts the county publishes now.</summary>
    public static PublicTexts Of(County county) => new(county.Policy, county.Materials, county.Complaints, county.SchoolRules);

    /// <summary>Every problem with the JSON path of the field and a sentence an officer understands; empty when the texts can be saved.</summary>
    public static Dictionary<string, string[]> Validate(PublicTexts texts, County county)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string path, string message)
        {
            if (!ok)
            {
                errors[path] = [message];
            }
        }

        void Items(IReadOnlyList<string?>? items, string path, string what)
        {
            Check(items is { Count: > 0 and <= MaxItems }, path, $"请填写{what}（1到{MaxItems}条）。");
            for (var i = 0; i < (items?.Count ?? 0); i++)
            {
                Check(ApplicationFormValidation.IsPlainParagraphs(items![i], MaxItemLength), $"{path}[{i}]", $"每条{what}请写清楚，不超过{MaxItemLength}个字。");
            }
        }

        if (texts.Policy is not { } policy)
        {
            errors["$.policy"] = ["请填写招生政策（摘要、入学条件和报名流程）。"];
        }
        else
        {
            Check(ApplicationFormValidation.IsPlainParagraphs(policy.Summary, MaxSummaryLength), "$.policy.summary", $"请填写政策摘要，不超过{MaxSummaryLength}个字。");
            Items(policy.Conditions, "$.policy.conditions", "入学条件");
            Items(policy.Procedure, "$.policy.procedure", "报名流程");
        }

        Check(texts.Materials is { Count: > 0 and <= MaxItems }, "$.materials", $"请填写材料清单（1到{MaxItems}项）。");
        for (var i = 0; i < (texts.Materials?.Count ?? 0); i++)
        {
            var material = texts.Materials![i];
            Check(ApplicationFormValidation.IsPlainParagraphs(material?.Name, 50), $"$.materials[{i}].name", "请填写材料名称，不超过50个字。");
            Check(ApplicationFormValidation.IsPlainParagraphs(material?.WhoNeedsIt, MaxItemLength), $"$.materials[{i}].whoNeedsIt", $"请写明谁需要提供、为什么需要（不超过{MaxItemLength}个字）：不必要的材料不应要求家长提供。");
        }

        if (texts.Complaints is not { } complaints)
        {
            errors["$.complaints"] = ["请填写咨询举报电话、信访接待地址和网上渠道。"];
        }
        else
        {
            Check(ApplicationFormValidation.IsPlainParagraphs(complaints.Hotline, 30) && complaints.Hotline.Any(char.IsAsciiDigit), "$.complaints.hotline", "请填写咨询举报电话，如 0358-1234500。");
            Check(ApplicationFormValidation.IsPlainParagraphs(complaints.ReceptionAddress, 100), "$.complaints.receptionAddress", "请填写信访接待地址，不超过100个字。");
            Check(ApplicationFormValidation.IsPlainParagraphs(complaints.Online, MaxItemLength), "$.complaints.online", "请填写网上举报申诉渠道（网址或公众号名称）。");
        }

        foreach (var (schoolId, rules) in texts.SchoolRules ?? new Dictionary<string, string>())
        {
            Check(county.FindSchool(schoolId) is not null, $"$.schoolRules.{schoolId}", "不是本县的学校，请先在招生配置中导入该校。");
            Check(ApplicationFormValidation.IsPlainParagraphs(rules, MaxSchoolRulesLength), $"$.schoolRules.{schoolId}", $"学校实施办法不能为空，不超过{MaxSchoolRulesLength}个字。");
        }

        return errors;
    }
}
