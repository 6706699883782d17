namespace Enrollment.Core.Parents;

/// <summary>
/// The one consent step a guardian passes before entering a child's data. A new version of the text
/// needs a new consent; the version accepted is recorded with the time.
/// </summary>
public static class ConsentText
{
    public const string CurrentVersion = "2026-11-v1";

    public const string Title = "儿童个人信息处理告知及监护人同意";

    public static IReadOnlyList<ConsentSection> Sections { get; } =
    [
        new("处理目的", "仅用于本年度义务教育招生入学的报名、资格审核、随机派位、录取和学籍建立，不用于其他任何目的。"),
        new("处理的信息", "孩子和监护人的姓名、证件类型和号码、出生日期、性别、户籍和居住地址、联系电话，以及您主动申报的优先或特殊情况。不收集收入、成绩、证书、住房照片等与入学无关的信息。"),
        new("信息核验与提供", "经您同意，教育局通过政务数据共享向公安、自然资源、住建、人社、市场监管部门核验户籍、房产、租赁、居住证、社保、营业执照信息，能核验的无需您上传证明；信息仅提供给您报名的学校和教育局。"),
        new("保存期限", "报名资料在招生工作结束后保存至学籍建立完成，未被录取的报名资料在当年招生结束后12个月内删除；法律法规另有规定的除外。"),
        new("您的权利", "您可以查阅、更正报名信息，可以在报名截止前撤回报名；撤回同意将无法继续网上报名，可到线下服务点办理。"),
        new("安全措施", "证件号码和手机号码加密存储，列表和日志中只显示部分号码，每次查看孩子信息都有记录。"),
    ];
}

public sealed record ConsentSection(string Heading, string Text);
