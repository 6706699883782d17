using Enrollment.Core.Rules;

namespace Enrollment.Core.Counties;

/// <summary>
/// The demonstration county seeded on a first local run, so the app can be tried at once:
/// five schools, their catchments and plans, and a registration window that is open now.
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

        return new County(Id, "示范县", year, AgeRule.PrimaryDefault, registration,
        [
            Primary("101", "示范县城关第一小学", "城关镇人民路12号", "0358-1234501", "人民路社区", "东关社区"),
            Primary("102", "示范县城关第二小学", "城关镇文化街8号", "0358-1234502", "文化街社区", "西关社区"),
            Primary("103", "示范县南街小学", "城关镇南街36号", "0358-1234503", "南街社区", "新华社区"),
            Primary("104", "示范县北城小学", "北城新区学府路1号", "0358-1234504", "北城社区", "滨河社区"),
            new($"{Id}-201", "示范县育才民办小学", SchoolKind.Private, Stage.Primary, "城关镇育才路5号", "0358-1234505",
                new Catchment("面向全县招生，报名人数超过计划时由教育局电脑随机派位", []),
                new Plan(Places: 90, Classes: 2)),
        ]);
    }
}
