using System.Globalization;

namespace Enrollment.Core.Identity;

/// <summary>Names as they may appear in anything published (公示).</summary>
public static class PersonName
{
    /// <summary>
    /// First and last character kept, every one between masked: 张小三 → 张*三, 欧阳小明 → 欧**明;
    /// a two-character name keeps its surname only (张三 → 张*). Counted in characters as read, so a rare
    /// character outside the basic plane (𠮷) is one character, not two halves.
    /// </summary>
    public static string Mask(string name)
    {
        var characters = Characters(name.Trim());
        return characters.Count switch
        {
            0 => "",
            1 => "*",
            2 => characters[0] + "*",
            _ => characters[0] + new string('*', characters.Count - 2) + characters[^1],
        };
    }

    private static List<string> Characters(string text)
    {
        var characters = new List<string>(text.Length);
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            characters.Add(elements.GetTextElement());
        }

        return characters;
    }
}
