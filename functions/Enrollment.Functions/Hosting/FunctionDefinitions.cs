using System.Text.Json;
using System.Text.Json.Serialization;
using NCrontab;

namespace Enrollment.Functions.Hosting;

/// <summary>A binding as function.json declares it; only the fields this app uses.</summary>
public sealed record FunctionBinding(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("direction")] string? Direction,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("schedule")] string? Schedule,
    [property: JsonPropertyName("route")] string? Route);

public sealed record FunctionDefinition(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding? TimerTrigger => Bindings.FirstOrDefault(b => b.Type == "timerTrigger");

    public FunctionBinding? HttpTrigger => Bindings.FirstOrDefault(b => b.Type == "httpTrigger");

    /// <summary>NCRONTAB with seconds, as the Functions host reads it.</summary>
    public CrontabSchedule? Schedule => TimerTrigger?.Schedule is { } expression
        ? CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
        : null;
}

/// <summary>
/// Reads the function folders (one folder per function, each with its function.json) from the
/// app's root: the very files the Functions host reads, so both drivers share one schedule.
/// </summary>
public static class FunctionDefinitions
{
    private sealed record FunctionJson([property: JsonPropertyName("bindings")] List<FunctionBinding> Bindings);

    public static IReadOnlyList<FunctionDefinition> Load(string root) =>
        Directory.EnumerateDirectories(root)
            .Select(dir => (dir, file: Path.Combine(dir, "function.json")))
            .Where(x => File.Exists(x.file))
            .Select(x => new FunctionDefinition(
                Path.GetFileName(x.dir),
                JsonSerializer.Deserialize<FunctionJson>(File.ReadAllText(x.file))?.Bindings
                    ?? throw new InvalidDataException($"{x.file} has no bindings.")))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
}
