using System.Reflection;
using System.Xml.Linq;

namespace Enrollment.Deployment.Tests;

/// <summary>Dependencies point one way, functions → Azure → Core, and Core depends on nothing but the base library.</summary>
public class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Enrollment.Core.Uploads.UploadOptions).Assembly;
    private static readonly Assembly Azure = typeof(Enrollment.Azure.Storage.StorageOptions).Assembly;

    [Fact]
    public void CoreReferencesNoAzureAspNetCoreRefitOrFunctionsAssembly()
    {
        var forbidden = References(Core).Where(name =>
            name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Azure", StringComparison.Ordinal)
            || name.StartsWith("Azure.", StringComparison.Ordinal)
            || name.StartsWith("Refit", StringComparison.Ordinal)
            || name.StartsWith("Enrollment.", StringComparison.Ordinal)).ToList();

        Assert.True(forbidden.Count == 0, $"Enrollment.Core references {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void AzureReferencesNeitherTheFunctionsAppNorAspNetCore()
    {
        var forbidden = References(Azure).Where(name =>
            name.StartsWith("Enrollment.Functions", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Azure.Functions", StringComparison.Ordinal)).ToList();

        Assert.True(forbidden.Count == 0, $"Enrollment.Azure references {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void OnlyTheFunctionsAppTakesTheAspNetCoreFramework()
    {
        var projects = Directory.EnumerateFiles(Path.Combine(Bicep.RepositoryRoot, "shared"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Bicep.RepositoryRoot, "functions"), "*.csproj", SearchOption.AllDirectories));

        var taking = projects
            .Where(p => XDocument.Load(p).Descendants("FrameworkReference").Any())
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .ToList();

        Assert.Equal(["Enrollment.Functions"], taking);
    }

    private static IEnumerable<string> References(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!);
}
