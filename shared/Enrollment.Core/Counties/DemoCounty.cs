using Enrollment.Core.Rules;

namespace Enrollment.Core.Counties;

/// <summary>
/// The demonstration county seeded on a first local run, so the app can be tried at once:
/// five schools, their catchments and plans, a registration window that is open now, and what the
/// bureau publishes beforehand (policy, materials list, complaint channel) in the words such notices use.
/// </summary>
public static class DemoCounty
{
    public const string Id = "demo";

    public static County Create(DateTimeOffset now)
    {
        var local = now.ToOffset(Window.ChinaStandardOffset);
        // Registration for the autumn intake; after the cut-off day it is next year's intake.
        var year = local.Month > 8 ? local.Year + 1 : local.Year;
        var opens = new DateTimeOffset(local.Date.AddDays(-1), Window.ChinaStandardOffset).AddHours(8);
        var registration = new Window(opens, opens.AddDays(60).AddHours(10));

        School Primary(string code, string name, string address, string hotline, params string[] communities) =>
            new($"{Id}-{code}", name, SchoolKind.Public, Stage.Primary, address, hotline,
                new Catchment($"{string.Join("、", communities)}（含户籍、房产、租赁备案、居住证）", communities),
                new Plan(Places: 180, Classes: 4));

        return new County(Id, "示范县", year, AgeRule.PrimaryDefault,
            WindowCalendar.Of(new WindowSetting(WindowKind.Registration, Stage.Primary, SchoolId: null, registration)),
        [
            Primary("101", "示范县城关第一小学", "城关镇人民路12号", "0358-1234501", "人民路社区", "东关社区"),
            Primary("102", "示范县城关第二小学", "城关镇文化街8号", "0358-1234502", "文化街社区", "西关社区"),
            Primary("103", "示范县南街小学", "城关镇南街36号", "0358-1234503", "南街社区", "新华社区（新华街以东）"),
            Primary("104", "示范县北城小学", "北城新区学府路1号", "0358-1234504", "北城社区", "滨河社区", "新华社区（新华街以西）"),
            new($"{Id}-201", "示范县育才民办小学", SchoolKind.Private, Stage.Primary, "城关镇育才路5号", "0358-1234505",
                new Catchment("面向全县招生，报名人数超过计划时由教育局电脑随机派位", []),
                new Plan(Places: 90, Classes: 2)),
        ],
        Policy, Materials, Complaints, AdmissionOrders: [PrimaryOrder]);
    }

    /// <summary>招生顺位 where a public primary school has more eligible children than places, as counties commonly set it.</summary>
    private static readonly Admission.AdmissionOrder PrimaryOrder = new(Stage.Primary,
    [
        new("一类：户籍和房产均在片区", [Admission.AdmissionCondition.HouseholdInCatchment, Admission.AdmissionCondition.PropertyInCatchment]),
        new("二类：房产在片区", [Admission.AdmissionCondition.PropertyInCatchment]),
        new("三类：户籍在片区", [Admission.AdmissionCondition.HouseholdInCatchment]),
        new("四类：租赁备案在片区", [Admission.AdmissionCondition.RentalInCatchment]),
        new("五类：随迁子女（居住证和社保）", [Admission.AdmissionCondition.ResidencePermitAndInsurance]),
    ]);

    private static readonly PublicPolicy Policy = new(
        "全县公办、民办小学同步招生（公民同招），按照“学校划片招生，生源就近免试入学”的原则，以户籍所在地或实际居住地为依据划定招生范围。"
        + "招生不采取任何形式的考试、考核和测试，不收取任何费用；新生均衡分班，每班不超过45人。"
        + "报名、审核、录取全部网上办理，户籍、房产、租赁备案、居住证等信息由教育局通过部门数据共享核验，家长无需开具证明。",
        [
            "户籍在学校招生范围内；或在招生范围内有房产、租赁备案等实际居住地",
            "随迁子女以父母一方在本县的居住证为主要依据，学位充足时不另设条件",
            "烈士子女、现役军人子女、公安英模子女等优抚对象，按国家和省有关规定优先安排",
            "残疾儿童优先在普通学校随班就读，不能随班就读的安排到特教学校或送教上门",
            "民办学校报名人数超过招生计划的，由教育局统一组织电脑随机派位，全程接受社会监督",
        ],
        [
            "扫描学校二维码或打开报名网址，监护人实名登录",
            "阅读并同意个人信息处理说明，按户口簿填写孩子和家庭信息，选择公办学校，可同时选择一所民办学校",
            "提交后系统自动向公安、自然资源、住建等部门核验信息，核验不上的才需要拍照上传材料",
            "学校审核；信息不全的退回补充，请在截止时间前按提示修改",
            "公办学校按划片录取；民办学校报名超过计划的电脑随机派位",
            "公示新生名单，按学校通知报到",
        ]);

    private static readonly IReadOnlyList<RequiredMaterial> Materials =
    [
        new("孩子的居民户口簿（或出生医学证明）", "所有报名儿童；户籍信息由公安部门共享核验", ConfirmedByDataSharing: true),
        new("不动产权证书或购房网签合同", "以房产为依据报名的家庭；由自然资源、住建部门共享核验", ConfirmedByDataSharing: true),
        new("房屋租赁登记备案证明", "以租房为依据报名的家庭；由住建部门共享核验", ConfirmedByDataSharing: true),
        new("父母一方在本县的居住证", "随迁子女家庭；由公安部门共享核验", ConfirmedByDataSharing: true),
        new("优抚对象证明", "申请优待政策的家庭，按实际情况提供", ConfirmedByDataSharing: false),
    ];

    private static readonly ComplaintChannel Complaints = new(
        "0358-1234500",
        "示范县教育局一楼信访接待室（城关镇府前街1号），工作日 8:30–12:00、14:30–17:30",
        "示范县人民政府门户网站“阳光招生举报申诉”栏目");
}
