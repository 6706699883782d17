using System.Text.Json;
using Enrollment.Azure.Cosmos;

namespace Enrollment.Deployment.Tests;

/// <summary>The infrastructure as code: it compiles and lints clean, and it sets what the app reads, by the app's names.</summary>
public class DeploymentTests
{
    /// <summary>Settings the Functions host and its telemetry read, not the app.</summary>
    private static readonly string[] PlatformPrefixes = ["AzureWebJobsStorage__", "AZURE_FUNCTIONS_ENVIRONMENT"];

    /// <summary>Settings whose defaults are right in Azure too, each with the reason.</summary>
    private static readonly Dictionary<string, string> DefaultsSuffice = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RateLimits__ParentRequestsPerMinute"] = "sized for a parent on a phone",
        ["RateLimits__AddressRequestsPerMinute"] = "sized for a school's shared network",
        ["Outside__Resilience__AttemptTimeout"] = "tuned for the departments' interfaces",
        ["Outside__Resilience__TotalTimeout"] = "tuned for the departments' interfaces",
        ["Outside__Resilience__MaxRetryAttempts"] = "tuned for the departments' interfaces",
        ["Outside__Resilience__RetryDelay"] = "tuned for the departments' interfaces",
        ["Outside__Resilience__BreakDuration"] = "tuned for the departments' interfaces",
        ["Uploads__SlotLifetime"] = "short-lived links by design",
        ["Uploads__ReadLinkLifetime"] = "short-lived links by design",
        ["Uploads__ClockSkew"] = "the phones' clocks, not the cloud's",
        ["Uploads__MaxBytes"] = "the bureau's document size",
        ["Uploads__AllowedContentTypes"] = "JPEG, PNG, PDF everywhere",
        ["Provincial__BatchSize"] = "the provincial platform's page size",
        ["WeChat__BaseUrl"] = "the one public WeChat API",
        ["WeChat__AuthorizeUrl"] = "WeChat's one authorization page",
        ["WeChat__MiniProgramState"] = "the released mini program",
        ["GovernmentIdentity__DisplayName"] = "the button's label",
        ["GovernmentIdentity__Scopes"] = "OpenID Connect's own",
        ["GovernmentIdentity__RequireHttpsMetadata"] = "off only against a local test server",
        ["StaffSignIn__Entra__RequireHttpsMetadata"] = "off only against a local test server",
        ["Storage__Cosmos__AccountKey"] = "key access is off in Azure: never set",
        ["Storage__Blob__ConnectionString"] = "shared keys are off in Azure: never set",
        ["Timers__RunStandalone"] = "read only when no Functions host runs the app",
    };

    public static TheoryData<string> BicepFiles => new(Bicep.Files.Select(f => Path.GetRelativePath(Bicep.Infra, f)));

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryBicepFileCompilesAndLintsClean(string file)
    {
        var build = Bicep.Run("build", file, "--stdout");
        Assert.True(build.ExitCode == 0 && build.Diagnostics.Length == 0, $"bicep build {file}:\n{build.Diagnostics}");

        var lint = Bicep.Run("lint", file);
        Assert.True(lint.ExitCode == 0 && lint.Diagnostics.Length == 0 && lint.Output.Trim().Length == 0, $"bicep lint {file}:\n{lint.Diagnostics}{lint.Output}");
    }

    [Fact]
    public void EverySettingTheBicepSetsIsOneTheAppReads()
    {
        var unknown = AppSettings.NamesIn(Bicep.CompiledMain)
            .Where(name => !PlatformPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !AppSettings.IsRead(name))
            .Order().ToList();

        Assert.True(unknown.Count == 0, $"The Bicep sets settings the app never reads (a misspelt name?): {string.Join(", ", unknown)}");
    }

    [Fact]
    public void EverySettingTheAppReadsIsSetByTheBicep()
    {
        var set = AppSettings.NamesIn(Bicep.CompiledMain);
        var missing = AppSettings.All
            .Where(pattern => !DefaultsSuffice.ContainsKey(pattern) && !set.Any(name => AppSettings.Matches(pattern, name)))
            .ToList();

        Assert.True(missing.Count == 0, $"The app reads settings the Bicep does not set: {string.Join(", ", missing)} (set them, or say in DefaultsSuffice why the default holds in Azure)");
        Assert.All(DefaultsSuffice.Keys, key => Assert.True(AppSettings.IsRead(key), $"{key} is no longer a setting"));
    }

    [Fact]
    public void NoKeyOrConnectionStringIsDeployed()
    {
        var set = AppSettings.NamesIn(Bicep.CompiledMain);

        Assert.DoesNotContain("Storage__Cosmos__AccountKey", set);
        Assert.DoesNotContain("Storage__Blob__ConnectionString", set);
        Assert.DoesNotContain("AzureWebJobsStorage", Bicep.CompiledMain.Split('"'));
        Assert.Contains("\"disableLocalAuth\": true", Bicep.CompiledMain);
        Assert.Contains("\"allowSharedKeyAccess\": false", Bicep.CompiledMain);
    }

    [Fact]
    public void TheFailingTimerAlertWatchesEveryTimerTheAppRuns()
    {
        var unwatched = Enrollment.Functions.Hosting.TimerFunctions.All.Select(t => t.Name).Where(name => !Bicep.CompiledMain.Contains($"\\\"{name}\\\"", StringComparison.Ordinal)).ToList();

        Assert.True(unwatched.Count == 0, $"The timer-failures alert does not name: {string.Join(", ", unwatched)}");
    }

    [Fact]
    public void TheAppRunsAsADotnetIsolatedWorkerOnDotnet10()
    {
        var template = Bicep.CompiledMain;

        Assert.Contains("'dotnet-isolated'", template);
        Assert.Contains("'10.0'", template);
        Assert.Contains("DOTNET-ISOLATED|10.0", template);
        Assert.DoesNotContain("'custom'", template);
        Assert.DoesNotContain("customHandler", template, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EveryTimerScheduleTheHostReadsIsDeployedWithTheStandaloneValue()
    {
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "functions", "Enrollment.Functions", "appsettings.json"))).RootElement.GetProperty("Timers");
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "local.settings.sample.json"))).RootElement.GetProperty("Values");
        var deployed = AppSettings.NamesIn(Bicep.CompiledMain);

        Assert.All(Enrollment.Functions.Hosting.TimerFunctions.All, timer =>
        {
            var name = timer.ScheduleSetting.Replace(":", "__");
            Assert.Contains(name, deployed);
            Assert.Equal(settings.GetProperty(timer.Name).GetString(), sample.GetProperty(name).GetString());
        });
    }

    [Fact]
    public void TheAzdParametersFileNamesOnlyParametersOfMain()
    {
        var declared = JsonDocument.Parse(Bicep.CompiledMain).RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet();
        var given = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.Infra, "main.parameters.json"))).RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name);

        Assert.DoesNotContain(given, name => !declared.Contains(name));
    }

    [Fact]
    public void TheSampleLocalSettingsNameOnlySettingsTheAppReads()
    {
        var sample = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "local.settings.sample.json"));
        var unknown = AppSettings.NamesIn(sample).Where(name => !AppSettings.IsRead(name)).Order().ToList();

        Assert.True(unknown.Count == 0, $"local.settings.sample.json names settings the app never reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void TheBicepCreatesTheContainersTheAppUsesWithTheirPartitionKeys()
    {
        var deployed = new List<(string Name, string PartitionKey)>();
        Collect(JsonDocument.Parse(Bicep.CompiledMain).RootElement, deployed);

        Assert.Equal(
            EnrollmentContainers.Definitions.Select(c => (c.Id, c.PartitionKeyPath)).Order(),
            deployed.Distinct().Order());
    }

    /// <summary>Every object in the template with a container name and a partition key path.</summary>
    private static void Collect(JsonElement element, List<(string, string)> found)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("name", out var name) && element.TryGetProperty("partitionKey", out var key) && key.ValueKind == JsonValueKind.String)
            {
                found.Add((name.GetString()!, key.GetString()!));
            }

            foreach (var property in element.EnumerateObject())
            {
                Collect(property.Value, found);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, found);
            }
        }
    }
}
