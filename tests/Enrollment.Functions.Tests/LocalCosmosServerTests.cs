using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>The local Cosmos-compatible server behaves like the service where the SDK depends on it.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LocalCosmosServerTests(LocalEmulators emulators)
{
    [Fact]
    public async Task AReadNamingTheCurrentEtagAnswers304WithoutTheDocument()
    {
        await using var app = new EnrollmentApp(emulators);
        var client = app.Services.GetRequiredService<CosmosClient>();
        Database database = await client.CreateDatabaseAsync("etag-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Container container = await database.CreateContainerAsync("items", "/pk");
            var created = await container.CreateItemAsync(new { id = "1", pk = "a", v = 1 }, new PartitionKey("a"));

            using var unchanged = await container.ReadItemStreamAsync("1", new PartitionKey("a"), new ItemRequestOptions { IfNoneMatchEtag = created.ETag });
            Assert.Equal(System.Net.HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.True(unchanged.Content is null || unchanged.Content.Length == 0);

            await container.ReplaceItemAsync(new { id = "1", pk = "a", v = 2 }, "1", new PartitionKey("a"));
            using var changed = await container.ReadItemStreamAsync("1", new PartitionKey("a"), new ItemRequestOptions { IfNoneMatchEtag = created.ETag });
            Assert.Equal(System.Net.HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal(2, (await System.Text.Json.JsonDocument.ParseAsync(changed.Content)).RootElement.GetProperty("v").GetInt32());
        }
        finally
        {
            await database.DeleteAsync();
        }
    }

    [Fact]
    public async Task ResourceIdsAreUrlSafeSoPartitionedQueriesWorkInEveryDatabase()
    {
        await using var app = new EnrollmentApp(emulators);
        var client = app.Services.GetRequiredService<CosmosClient>();
        var created = new List<Database>();
        try
        {
            // Database resource ids count up; within 256 of them one encodes a byte that base64 writes as '/'.
            Database? database = null;
            for (var i = 0; i < 256 && database is null; i++)
            {
                var response = await client.CreateDatabaseAsync("rid-" + Guid.NewGuid().ToString("N")[..12]);
                created.Add(response.Database);
                var rid = response.Resource.SelfLink.Trim('/')["dbs/".Length..].Replace('-', '/');
                if (Convert.ToBase64String(Convert.FromBase64String(rid)).Contains('/', StringComparison.Ordinal))
                {
                    database = response.Database;
                }
            }

            Assert.NotNull(database);
            Container container = await database.CreateContainerAsync("items", "/pk");
            await container.CreateItemAsync(new { id = "1", pk = "a" }, new PartitionKey("a"));
            using var feed = container.GetItemQueryIterator<dynamic>("SELECT * FROM c", requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("a") });
            Assert.Single(await feed.ReadNextAsync());
        }
        finally
        {
            foreach (var database in created)
            {
                await database.DeleteAsync();
            }
        }
    }
}
