namespace Enrollment.Core.Applications;

/// <summary>Where an application stands, from submission to the result.</summary>
public enum ApplicationStatus
{
    Submitted,
    Checking,
    UnderReview,
    ReturnedForCorrection,
    Eligible,
    Rejected,
    LotteryPending,

    /// <summary>派位获得学位, waiting for the family to confirm or give it up before the offer's deadline.</summary>
    Offered,
    Admitted,
    NotAdmitted,
    Waitlisted,

    /// <summary>The family gave up the place (or let the offer lapse); it went to the next on the waitlist.</summary>
    Declined,
    Withdrawn,
}

/// <summary>Who moved an application: every change is attributable.</summary>
public enum Actor
{
    Parent,
    School,
    Bureau,
    System,
}

public sealed record StatusChange(ApplicationStatus Status, DateTimeOffset At, Actor By, string? Note);

/// <summary>What each state means to a parent, who acts next, and what the parent can do now.</summary>
public sealed record StatusGuide(string Text, string Meaning, string NextStep, string ParentCanDo)
{
    public static StatusGuide For(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => new("已提交", "报名信息已保存，学校会陆续审核（最迟在报名结束后开始），结果会通过短信或微信通知您。", "学校审核", "报名截止前可以撤回后重新报名。"),
        ApplicationStatus.Checking => new("核验中", "正在通过政务数据共享核验您填报的信息，部门系统暂时繁忙时会自动重试。", "系统自动核验", "无需操作，核验不影响报名结果。"),
        ApplicationStatus.UnderReview => new("审核中", "学校正在审核报名信息。", "学校审核", "请留意短信或微信通知。"),
        ApplicationStatus.ReturnedForCorrection => new("退回补充", "学校请您补充或更正部分信息。", "您补充后学校再审核", "请在截止时间前按提示修改后重新提交。"),
        ApplicationStatus.Eligible => new("审核通过", "报名资格审核通过。", "等待录取或派位", "无需操作。"),
        ApplicationStatus.Rejected => new("审核未通过", "报名资格审核未通过，原因见下方说明。", "如有异议可申诉", "可拨打学校招生咨询电话或通过申诉渠道提出异议。"),
        ApplicationStatus.LotteryPending => new("待派位", "报名人数超过招生计划，将由教育局公开电脑随机派位，提交先后不影响结果。", "教育局派位", "可在派位当天查看直播和结果。"),
        ApplicationStatus.Offered => new("已获派位，待确认", "孩子在随机派位中获得学位，请在截止时间前确认入学或放弃。逾期未确认视为放弃，学位按顺序递补给候补家庭。", "您确认", "请在本页确认入学；如不入学请点放弃，以便学位尽早递补。"),
        ApplicationStatus.Admitted => new("已录取", "孩子已被录取。", "按通知报到", "请按学校通知按时报到。"),
        ApplicationStatus.NotAdmitted => new("未录取", "本校未能录取，将按规定统筹安排到其他学校。", "教育局统筹安排", "请留意后续通知。"),
        ApplicationStatus.Waitlisted => new("候补", "暂列候补名单，如有空位将按顺序递补。", "等待递补", "请留意通知。"),
        ApplicationStatus.Declined => new("已放弃学位", "您已放弃（或逾期未确认）派位获得的学位，学位已按顺序递补给候补家庭。", "教育局统筹安排", "孩子将按规定安排到户籍或居住地对应的公办学校，请留意后续通知。"),
        ApplicationStatus.Withdrawn => new("已撤回", "您已撤回这份报名。", "无", "报名截止前可以重新报名。"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The state in at most five Chinese characters, for a WeChat subscribe message's <c>phrase</c> keyword.</summary>
    public static string Phrase(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Offered => "待确认学位",
        _ => For(status).Text,
    };
}
