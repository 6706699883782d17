using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Enrollment.Deployment.Tests;

/// <summary>
/// Every setting the app reads, derived from its options classes (each declares its configuration
/// <c>Section</c>), as environment-variable names: <c>Storage__Cosmos__AccountEndpoint</c>. A dictionary
/// keyed by an enum yields one name per member; keyed by text, a <c>*</c> that matches any one segment.
/// </summary>
public static partial class AppSettings
{
    public static IReadOnlyList<string> All { get; } =
        new[] { typeof(Program).Assembly, typeof(Enrollment.Azure.Storage.StorageOptions).Assembly, typeof(Enrollment.Core.Uploads.UploadOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(o => o.Section is not null && o.Type.IsClass)
            .SelectMany(o => Walk(o.Type, o.Section!.Replace(":", "__")))
            // The timers' schedules, which the Functions host reads by the names the triggers give.
            .Concat(Enrollment.Functions.Hosting.TimerFunctions.All.Select(t => t.ScheduleSetting.Replace(":", "__")))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether <paramref name="name"/> is one the app reads (case-insensitively, as configuration keys are).</summary>
    public static bool IsRead(string name) => All.Any(pattern => Matches(pattern, name));

    public static bool Matches(string pattern, string name)
    {
        var expected = pattern.Split("__");
        var actual = name.Split("__");
        return expected.Length == actual.Length
            && expected.Zip(actual).All(p => p.First == "*" || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Setting names written as literals in a compiled template or a settings file.</summary>
    public static IReadOnlySet<string> NamesIn(string text) =>
        SettingName().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Walk(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var name = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType) || propertyType.IsArray)
            {
                yield return name;
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var (key, value) = (propertyType.GetGenericArguments()[0], propertyType.GetGenericArguments()[1]);
                foreach (var member in key.IsEnum ? Enum.GetNames(key) : ["*"])
                {
                    foreach (var setting in IsScalar(value) ? [$"{name}__{member}"] : Walk(value, $"{name}__{member}"))
                    {
                        yield return setting;
                    }
                }
            }
            else if (!typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                foreach (var setting in Walk(propertyType, name))
                {
                    yield return setting;
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal) || type == typeof(Uri);

    [GeneratedRegex("""["'](?<name>[A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)+)["']""")]
    private static partial Regex SettingName();
}
