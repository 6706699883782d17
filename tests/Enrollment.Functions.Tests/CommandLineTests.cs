using System.Security.Cryptography;
using Enrollment.Functions.Commands;

namespace Enrollment.Functions.Tests;

/// <summary>The verbs on the command line, told apart from the arguments the app itself is started with.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string[]> TheAppsOwnArguments => new()
    {
        Array.Empty<string>(),
        new[] { "--urls", "http://127.0.0.1:5000" },
        new[] { "urls=http://127.0.0.1:5000" },
        new[] { "/urls", "http://127.0.0.1:5000" },
        new[] { "--environment=Development" },
        // What the Functions host starts its worker with.
        new[] { "--host", "127.0.0.1", "--port", "50051", "--workerId", "w", "--requestId", "r", "--grpcMaxMessageLength", "2147483647", "--functions-uri", "http://127.0.0.1:50051/" },
    };

    [Theory]
    [MemberData(nameof(TheAppsOwnArguments))]
    public async Task TheAppsOwnArgumentsStartTheApp(string[] args)
    {
        Assert.Null(await CommandLine.RunAsync(args));
    }

    [Theory]
    [InlineData("qr")]
    [InlineData("verify-lottery", "--Storage:CosmosDatabase=x")]
    [InlineData("staff-add", "zhang.li@county", "SchoolReviewer")]
    [InlineData("staff-add", "zhang.li@county", "Principal", "county")]
    [InlineData("county-add", "linxian", "临县", "141124", "Primary", "2027")]
    [InlineData("county-add", "linxian", "临县", "141124", "Kindergarten", "2027", "wang@linxian")]
    [InlineData("county-add", "linxian", "临县", "141124", "Primary", "next", "wang@linxian")]
    public async Task ACommandWithoutWhatItNeedsStopsWithUsage(params string[] args)
    {
        Assert.Equal(2, await CommandLine.RunAsync(args));
    }
}

/// <summary>setup, staff-add and county-add against the local emulators, with settings given as arguments after their own.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class StorageCommandTests(LocalEmulators emulators)
{
    [Fact]
    public async Task SetupNeedsOnlyStorageAndStaffAddAlsoTheKeys()
    {
        var database = "tests-" + Guid.NewGuid().ToString("N")[..12];
        string[] storage =
        [
            $"--Storage:Cosmos:AccountEndpoint={emulators.CosmosEndpoint}",
            $"--Storage:CosmosDatabase={database}",
            $"--Storage:Blob:ConnectionString={emulators.BlobConnectionString}",
            $"--Uploads:QuarantineContainer=quarantine-{database}",
            $"--Uploads:DocumentsContainer=documents-{database}",
        ];
        string[] keys = [.. new[] { "SessionSigningKey", "IdentityHashKey", "DataEncryptionKey" }.Select(k => $"--Security:{k}={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}")];
        string[] officer = ["staff-add", "officer@county", "BureauOfficer", "county"];

        Assert.Equal(0, await CommandLine.RunAsync(["setup", .. storage]));
        Assert.Equal(2, await CommandLine.RunAsync([.. officer, .. storage]));
        Assert.Equal(0, await CommandLine.RunAsync([.. officer, .. storage, .. keys]));
        Assert.Equal(1, await CommandLine.RunAsync([.. officer, .. storage, .. keys]));

        // A county made from the command line; a bad division code stops before anything is stored, a second one as a duplicate.
        var year = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year + 1;
        var code = "37" + Random.Shared.Next(1, 10_000).ToString("D4");
        string[] county = ["county-add", database, "新设县", code, "Primary,JuniorSecondary", $"{year}", $"wang@{database}", "王芳"];
        Assert.Equal(2, await CommandLine.RunAsync([.. county.Select(w => w == code ? "991124" : w), .. storage, .. keys]));
        Assert.Equal(0, await CommandLine.RunAsync([.. county, .. storage, .. keys]));
        Assert.Equal(1, await CommandLine.RunAsync([.. county, .. storage, .. keys]));
    }
}
