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
}
