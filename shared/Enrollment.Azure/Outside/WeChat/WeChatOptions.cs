using System.ComponentModel.DataAnnotations;

namespace Enrollment.Azure.Outside.WeChat;

/// <summary>
/// WeChat, under <c>WeChat</c>: the official account (web sign-in) and the mini program (sign-in and
/// subscription messages). An app without an id and secret answers Unavailable.
/// </summary>
public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    [Required]
    [Url]
    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary>The official account (服务号) whose web authorization the phone pages use.</summary>
    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    public WeChatAppOptions MiniProgram { get; set; } = new();

    /// <summary>Which build of the mini program a message card opens: <c>formal</c> (released), <c>trial</c> or <c>developer</c>.</summary>
    [RegularExpression("^(formal|trial|developer)$", ErrorMessage = "WeChat:MiniProgramState is formal, trial or developer.")]
    public string MiniProgramState { get; set; } = "formal";

    /// <summary>Template name (see MessageTemplates) → the mini program's subscription template id.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public WeChatAppOptions OfficialAccount => new() { AppId = AppId, AppSecret = AppSecret };

    /// <summary>An id without a secret (or the reverse) is a half-done configuration: refuse to start rather than fail every sign-in.</summary>
    public bool IsValid => OfficialAccount.IsComplete == OfficialAccount.IsStarted && MiniProgram.IsComplete == MiniProgram.IsStarted;
}

public sealed class WeChatAppOptions
{
    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    public bool IsComplete => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(AppSecret);

    internal bool IsStarted => !string.IsNullOrWhiteSpace(AppId) || !string.IsNullOrWhiteSpace(AppSecret);
}
