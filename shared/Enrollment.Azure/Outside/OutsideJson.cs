using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace Enrollment.Azure.Outside;

/// <summary>Refit settings shared by every outside client. Each contract names its JSON fields explicitly.</summary>
public static class OutsideJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Optional fields are left out rather than sent as null: some gateways reject unknown nulls.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static RefitSettings Settings() => new(new SystemTextJsonContentSerializer(Options))
    {
        // Our bodies are small; a Content-Length instead of chunked upload suits government gateways.
        Buffered = true,
    };

    /// <summary>The answer's body: the parsed content of a success, or the JSON an error status carried (a gateway's refusal reasons), or null.</summary>
    public static T? ContentOrErrorBody<T>(IApiResponse<T> response)
        where T : class
    {
        if (response.Content is { } content)
        {
            return content;
        }

        if (response.Error is not ApiException { Content: { Length: > 0 } text })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
