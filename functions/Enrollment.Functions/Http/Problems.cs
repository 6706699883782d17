using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Enrollment.Functions.Http;

/// <summary>
/// The one shape of every 4xx and 503 answer: RFC 9457 ProblemDetails with a title and detail a parent
/// understands, a <c>type</c> the page (and other clients) can react to, and the trace id. The answers
/// several features give live here; each feature maps its own outcomes beside its endpoints, through
/// <see cref="Problem"/>.
/// </summary>
public static class Problems
{
    private const string TypePrefix = "urn:enrollment:problem:";

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "填写的信息有误", detail: "请按提示修改标红的内容后再提交，已填写的内容不会丢失。", type: TypePrefix + "invalid");

    public static ProblemHttpResult WindowNotOpen(WindowReading reading) => reading switch
    {
        { State: WindowState.Paused } => Problem(StatusCodes.Status403Forbidden, "window-not-open", "报名暂停", reading.PauseMessage!,
            new Dictionary<string, object?> { ["paused"] = true }),
        { Window: null } => Problem(StatusCodes.Status403Forbidden, "window-not-open", "报名尚未开始",
            "教育局尚未公布网上报名时间，请留意教育局和学校的招生公告。"),
        { Window: var window } => Problem(
            StatusCodes.Status403Forbidden,
            "window-not-open",
            reading.State == WindowState.NotYetOpen ? "报名尚未开始" : "报名已经结束",
            $"网上报名时间为 {window.Describe()}。" + (reading.State == WindowState.NotYetOpen
                ? "请在报名开始后再提交，报名期间任何时间提交都一样，提交先后不影响录取。"
                : "如有特殊情况，请拨打学校招生咨询电话或到教育局线下服务点咨询。"),
            new Dictionary<string, object?> { ["opens"] = window.Opens, ["closes"] = window.Closes }),
    };

    public static ProblemHttpResult TooYoung(DateOnly latestBirthDate) => Problem(
        StatusCodes.Status422UnprocessableEntity,
        "too-young",
        "孩子未到入学年龄",
        $"今年入学的孩子须在 {latestBirthDate.Year}年{latestBirthDate.Month}月{latestBirthDate.Day}日 及以前出生（满6周岁）。请核对身份证号码；如确有特殊情况，请咨询学校或教育局。");

    public static ProblemHttpResult AlreadyApplied() => Problem(
        StatusCodes.Status409Conflict,
        "already-applied",
        "该孩子今年已经报过名",
        "同一个孩子每年只能提交一份报名申请。请在首次报名的手机上查看进度；如不是您本人提交的，请拨打学校招生咨询电话。");

    public static ProblemHttpResult ConsentRequired() => Problem(
        StatusCodes.Status403Forbidden,
        "consent-required",
        "请先阅读并同意个人信息处理说明",
        "孩子的信息属于敏感个人信息，需要监护人同意后才能填写报名。已填写的内容不会丢失。");

    public static ProblemHttpResult ConsentOutdated() => Problem(
        StatusCodes.Status409Conflict,
        "consent-outdated",
        "说明内容已更新",
        "个人信息处理说明已经更新，请刷新页面，阅读新的说明后再同意。");

    public static ProblemHttpResult SignInRequired() => Problem(
        StatusCodes.Status401Unauthorized,
        "sign-in-required",
        "请先登录",
        "登录已过期或尚未登录，请重新登录后继续，已填写的内容不会丢失。");

    public static ProblemHttpResult InvalidIdempotencyKey() => Problem(
        StatusCodes.Status400BadRequest,
        "invalid-idempotency-key",
        "请求格式有误",
        "请刷新页面后重新提交，已填写的内容不会丢失。");

    public static ProblemHttpResult NotFound() => Problem(
        StatusCodes.Status404NotFound,
        "not-found",
        "没有找到这份报名",
        "请使用提交报名的那部手机查看；如已更换手机，请拨打学校招生咨询电话。");

    public static ProblemHttpResult NotFound(string title, string detail) =>
        Problem(StatusCodes.Status404NotFound, "not-found", title, detail);

    public static ProblemHttpResult CountyOrSchoolNotFound() =>
        NotFound("没有找到该县区或学校", "请从学校的二维码或教育局公布的网址进入。");

    /// <summary>403 for staff who may look but not change: <paramref name="title"/> names what they may not do.</summary>
    public static ProblemHttpResult PastYear(int year) =>
        Problem(StatusCodes.Status409Conflict, "past-year", "往年报名只读", County.PastYearReason(year));

    public static ProblemHttpResult ReadOnly(string title, string detail) =>
        Problem(StatusCodes.Status403Forbidden, "read-only", title, detail);

    /// <summary>428: a change to something several people work on needs the ETag of the version its author saw.</summary>
    public static ProblemHttpResult IfMatchRequired(string title, string detail) =>
        Problem(StatusCodes.Status428PreconditionRequired, "if-match-required", title, detail);

    /// <summary>412: someone else changed it since it was opened; nothing was saved.</summary>
    public static ProblemHttpResult Changed(string title, string detail) =>
        Problem(StatusCodes.Status412PreconditionFailed, "changed", title, detail);

    public static ProblemHttpResult InvalidQuery(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "invalid-query", "查询条件有误", detail);

    public static ProblemHttpResult InvalidContinuation() =>
        Problem(StatusCodes.Status400BadRequest, "invalid-continuation", "翻页标记无效", "请从第一页重新查询。");

    public static ProblemHttpResult WeChatSignInOff() => Problem(
        StatusCodes.Status404NotFound,
        "wechat-sign-in-off",
        "暂未开通微信登录",
        "本地区暂未开通微信登录，请返回报名页面，使用手机号码登录。");

    public static ProblemHttpResult WeChatStateInvalid() => Problem(
        StatusCodes.Status400BadRequest,
        "wechat-state-invalid",
        "微信登录没有完成",
        "登录已超时，或不是从本手机的报名页面发起的。请关闭本页面，重新打开报名页面后再登录。");

    public static ProblemHttpResult WeChatCodeRejected(bool miniProgram) => Problem(
        StatusCodes.Status400BadRequest,
        "wechat-code-rejected",
        "微信授权已失效",
        "微信授权只能使用一次，并且5分钟内有效。" + (miniProgram ? "请退出小程序后重新进入。" : "请关闭本页面，重新打开报名页面后再登录。"));

    /// <summary>403: a visitor of WeChat's snapshot page (朋友圈快照页), whose openid is virtual: nothing is kept, the full page is needed.</summary>
    public static ProblemHttpResult WeChatSnapshotUser() => Problem(
        StatusCodes.Status403Forbidden,
        "wechat-snapshot-user",
        "请打开完整页面后再登录",
        "您正在浏览朋友圈分享的预览页，预览页不能登录和报名。请点击屏幕下方的按钮打开完整页面，或在微信中直接打开报名页面。");

    /// <summary>503: WeChat did not answer; the caller sets Retry-After.</summary>
    public static ProblemHttpResult WeChatUnavailable() => Problem(
        StatusCodes.Status503ServiceUnavailable,
        "wechat-unavailable",
        "微信登录暂时不可用",
        "微信服务繁忙，请1分钟后再试，也可以使用手机号码登录。报名期间任何时间提交都一样，提交先后不影响录取。");

    public static ProblemHttpResult GovernmentSignInOff() => Problem(
        StatusCodes.Status404NotFound,
        "government-sign-in-off",
        "暂未开通政务服务账号登录",
        "本地区暂未开通政务服务账号登录，请返回报名页面，使用手机号码登录。");

    /// <summary>400: the parent declined, the sign-in timed out or was started on another phone, or the provider's answer did not check out.</summary>
    public static ProblemHttpResult GovernmentSignInNotCompleted(string displayName) => Problem(
        StatusCodes.Status400BadRequest,
        "government-sign-in-failed",
        $"{displayName}没有完成",
        "登录已取消或已超时，或不是从本手机的报名页面发起的。请关闭本页面，重新打开报名页面后再登录，也可以使用手机号码登录。");

    /// <summary>503: the identity provider did not answer; the caller sets Retry-After.</summary>
    public static ProblemHttpResult GovernmentSignInUnavailable(string displayName) => Problem(
        StatusCodes.Status503ServiceUnavailable,
        "government-sign-in-unavailable",
        $"{displayName}暂时不可用",
        "政务服务平台繁忙，请1分钟后再试，也可以使用手机号码登录。报名期间任何时间提交都一样，提交先后不影响录取。");

    /// <summary>A refusal as its feature names it: <paramref name="problem"/> is the type and the title that go with the reason code.</summary>
    public static ProblemHttpResult Problem(int status, (string Type, string Title) problem, string detail) =>
        Problem(status, problem.Type, problem.Title, detail);

    public static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + type,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    /// <summary>
    /// The framework's own answers (unknown route, unreadable JSON, wrong method, a crash) also become
    /// ProblemDetails, in the same words, so no parent ever sees a bare status code or a stack trace. Every answer is
    /// then written in the language the request accepts, where there is a translation (<see cref="Texts"/>).
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        if (problem.Type?.StartsWith(TypePrefix, StringComparison.Ordinal) != true)
        {
            (problem.Type, problem.Title, problem.Detail) = problem.Status switch
            {
                400 => (TypePrefix + "bad-request", "请求格式有误", "提交的内容无法识别，请刷新页面后重新填写提交。"),
                401 => (TypePrefix + "sign-in-required", "请先登录", "登录已过期或尚未登录，请重新登录后继续，已填写的内容不会丢失。"),
                403 => (TypePrefix + "forbidden", "没有权限", "您没有办理这项业务的权限。"),
                404 => (TypePrefix + "not-found", "页面不存在", "请从学校的二维码或教育局公布的网址进入。"),
                405 => (TypePrefix + "method-not-allowed", "不支持的操作", "请刷新页面后重试。"),
                413 => (TypePrefix + "too-large", "提交的内容过大", "请减少内容后重新提交。"),
                415 => (TypePrefix + "unsupported-media-type", "请求格式有误", "请刷新页面后重新提交。"),
                429 => (TypePrefix + "too-many-requests", "访问人数较多", "请稍等片刻再试，报名期间任何时间提交都一样，提交先后不影响录取。"),
                >= 500 => (TypePrefix + "unavailable", "系统繁忙", "请稍后再试，您填写的内容仍保留在页面上，不会丢失。报名期间任何时间提交都一样，提交先后不影响录取。"),
                _ => (problem.Type, problem.Title, problem.Detail),
            };
        }

        var texts = context.HttpContext.RequestServices.GetRequiredService<Texts>();
        var language = texts.LanguageOf(context.HttpContext.Request);
        var headers = context.HttpContext.Response.Headers;
        headers.ContentLanguage = language;
        headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, Microsoft.Net.Http.Headers.HeaderNames.AcceptLanguage);
        if (language == Texts.SourceLanguage)
        {
            return;
        }

        problem.Title = problem.Title is null ? null : texts.Translate(language, problem.Title);
        problem.Detail = problem.Detail is null ? null : texts.Translate(language, problem.Detail);
        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var field in validation.Errors.Keys.ToArray())
            {
                validation.Errors[field] = [.. validation.Errors[field].Select(m => texts.Translate(language, m))];
            }
        }
    }
}
