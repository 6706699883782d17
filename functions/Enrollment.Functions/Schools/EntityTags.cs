using System.Buffers.Text;
using System.Text;

namespace Enrollment.Functions.Schools;

/// <summary>
/// Storage versions as HTTP entity tags. Cosmos DB's ETags are quoted and the local server's are not, so the
/// version travels opaque (base64url inside the quotes HTTP requires) and comes back exactly as storage gave it.
/// </summary>
public static class EntityTags
{
    public static string ToHeader(string version) => $"\"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(version))}\"";

    /// <summary>The storage version an If-Match header names; one this app never issued comes back unchanged, and matches nothing.</summary>
    public static string FromHeader(string ifMatch)
    {
        var tag = ifMatch.Trim();
        tag = tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
        tag = tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"' ? tag[1..^1] : tag;
        return Base64Url.IsValid(tag) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(tag)) : ifMatch;
    }
}
