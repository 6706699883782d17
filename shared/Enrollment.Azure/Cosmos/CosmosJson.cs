using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrollment.Azure.Cosmos;

/// <summary>How documents look in Cosmos DB: camelCase (so records' Id becomes the required "id"), enums as names.</summary>
public static class CosmosJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
