using Enrollment.Core.Rules;

namespace Enrollment.Core.Outside;

/// <summary>
/// What WeChat accepts in a subscribe message (订阅消息): each value is checked against its keyword's kind, and one value
/// out of bounds refuses the whole message (errcode 47003), which then goes to SMS only where a mobile is on file.
/// As WeChat's documentation gives the kinds used here: <c>thing</c> at most 20 characters, <c>phrase</c> at most 5
/// Chinese characters and nothing else, <c>time</c> a 24-hour time with its date as 2019年10月1日 15:01.
/// </summary>
public static class SubscribeMessageValues
{
    public const int ThingLength = 20;
    public const int PhraseLength = 5;

    /// <summary>Text for a <c>thing</c> keyword: as it is, or its first 19 characters and "…".</summary>
    public static string Thing(string text) => text.Length <= ThingLength ? text : string.Concat(text.AsSpan(0, ThingLength - 1), "…");

    public static bool IsThing(string text) => text.Length is > 0 and <= ThingLength;

    public static bool IsPhrase(string text) => text.Length is > 0 and <= PhraseLength && text.All(c => c is >= '\u4e00' and <= '\u9fff');

    /// <summary>A <c>time</c> keyword: the instant in Beijing time, with its date.</summary>
    public static string Time(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Window.ChinaStandardOffset);
        return $"{local.Year}年{local.Month}月{local.Day}日 {local:HH:mm}";
    }
}
