using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Enrollment.Azure.Cosmos;
using Enrollment.Core.Staff;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Functions.Tests;

/// <summary>
/// Every operation in the OpenAPI document, sent hostile input by a stranger, a forged or expired session,
/// a signed-in parent and a signed-in bureau officer, then that parent's and officer's sessions once expired: every answer is below 500 (or a calm 503 with
/// Retry-After when an outside service is missing), every refusal is ProblemDetails, and nothing is stored.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class HostileInputTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private string _countyId = "";

    public async Task InitializeAsync() => _countyId = (await _app.CreateCountyAsync()).Id;

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    /// <summary>Values for ids in paths: traversal, markup, control characters, a very long one, unpaired surrogates.</summary>
    private static readonly string[] HostileIds =
    [
        "..%2F..%2Fetc%2Fpasswd",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        // (A NUL is refused by the server before the app sees it; other control characters reach the app.)
        "%01%1B",
        new('A', 3000),
        "%E2%80%AE%E2%80%8B",
        "%ED%A0%80",
        "'%20OR%201%3D1--",
        "%FF%FE",
    ];

    private static IEnumerable<(string Name, HttpContent Content)> HostileBodies()
    {
        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
        yield return ("malformed JSON", Json("{\"countyId\": "));
        yield return ("not an object", Json("[1,2,3]"));
        yield return ("wrong types", Json("""{"countyId":5,"schoolIds":"x","child":true,"name":[],"password":{},"code":1.5,"kind":null,"length":"big","mobile":13912345678}"""));
        yield return ("deep nesting", Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("deep objects", Json(string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300)));
        yield return ("huge body", Json("{\"countyId\":\"" + new string('x', 3_000_000) + "\"}"));
        yield return ("markup and traversal", Json("""{"countyId":"<script>alert(1)</script>","fileName":"../../etc/passwd","name":"<img src=x onerror=alert(1)>","kind":"../../x","contentType":"text/html","mobile":"<b>","password":"' OR 1=1--","code":"<svg/onload=alert(1)>"}"""));
        yield return ("unicode edge cases", Json("{\"countyId\":\"\\ud800\",\"name\":\"\\u202e\\u200b\\ufeff\\u0000\",\"mobile\":\"１３９１２３４５６７８\",\"kind\":\"\\ud83d\\ude00\"}"));
        yield return ("wrong media type", new StringContent("countyId=demo", Encoding.UTF8, "application/x-www-form-urlencoded"));
        yield return ("empty", Json(""));
    }

    [Fact]
    public async Task AnIdThatIsNotUtf8NeverReachesStorageAndEveryoneAfterItIsServed()
    {
        var anyone = _app.NewPhone();
        foreach (var path in new[] { "/api/public/counties/%FF%FE/information", "/api/public/counties/%FF%FE/announcements", $"/api/public/counties/{_countyId}/schools/%FF%FE" })
        {
            var answer = await anyone.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/api/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/api/public/counties/{_countyId}/information")).StatusCode);
    }

    [Fact]
    public async Task EveryOperationAnswersHostileInputWithAProblemNeverAnErrorAndStoresNothing()
    {
        var parent = await _app.NewParentAsync();
        var officer = await _app.NewStaffAsync(StaffRole.BureauOfficer, _countyId);
        var strangers = new (string Name, HttpClient Client)[]
        {
            ("nobody", _app.CreateClient()),
            ("forged parent cookie", WithCookie("enrollment_session=eyJQYXJlbnRJZCI6ImEifQ.AAAA")),
            ("forged staff cookie", WithCookie("enrollment_staff=eyJTdGFmZklkIjoib2ZmaWNlckBkZW1vIn0.AAAA")),
            ("parent", parent),
            ("bureau officer", officer),
        };
        var operations = await OperationsAsync();
        Assert.True(operations.Count > 20, $"The OpenAPI document lists only {operations.Count} operations.");
        var before = await StoredCountsAsync();

        var failures = new List<string>();
        await SweepAsync(operations, strangers, failures);

        // The same sessions once they have expired: the parent's after 30 days, staff's after a working day.
        _app.Time.Advance(Core.Security.ParentSessionTokens.Lifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await parent.GetAsync("/api/parent/applications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await officer.GetAsync("/api/staff/me")).StatusCode);
        await SweepAsync(operations, [("expired parent session", parent), ("expired staff session", officer)], failures);

        Assert.True(failures.Count == 0, $"{failures.Count} answers were errors or not ProblemDetails:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(before, await StoredCountsAsync());
    }

    private async Task SweepAsync(List<(string Method, string Template)> operations, IReadOnlyList<(string Name, HttpClient Client)> strangers, List<string> failures)
    {
        foreach (var (method, template) in operations)
        {
            foreach (var (who, client) in strangers)
            {
                foreach (var path in Paths(template))
                {
                    var bodies = method is "POST" or "PUT" or "PATCH" ? HostileBodies().ToList() : [("no body", (HttpContent)new ByteArrayContent([]))];
                    foreach (var (bodyName, body) in bodies)
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
                        request.Headers.TryAddWithoutValidation("Idempotency-Key", "<script>");
                        request.Headers.TryAddWithoutValidation("If-Match", "\"forged\"");
                        using var response = await client.SendAsync(request);
                        var status = (int)response.StatusCode;
                        var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                        // An outside service that is not there (here: no government identity provider) is a calm 503 with Retry-After, not a fault.
                        var calmOutage = status == 503 && isProblem && response.Headers.RetryAfter is not null;
                        if ((status >= 500 && !calmOutage) || (status >= 400 && !isProblem))
                        {
                            failures.Add($"{method} {Shorten(path)} as {who} with {bodyName}: {status} {response.Content.Headers.ContentType?.MediaType}");
                        }
                    }
                }
            }
        }
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private async Task<List<(string Method, string Template)>> OperationsAsync()
    {
        var document = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(operation => (operation.Name.ToUpperInvariant(), path.Name)))
            .ToList();
    }

    /// <summary>The template with this test's county in county slots and a hostile value in every other id slot, one variant per value.</summary>
    private IEnumerable<string> Paths(string template)
    {
        if (!template.Contains('{'))
        {
            yield return template;
            yield break;
        }

        foreach (var hostile in HostileIds)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}]+)\}", m => m.Groups[1].Value == "countyId" ? _countyId : hostile);
            yield return path;
        }
    }

    private static string Shorten(string path) => path.Length > 120 ? path[..120] + "…" : path;

    /// <summary>How many documents each container holds, across all partitions.</summary>
    private async Task<Dictionary<string, int>> StoredCountsAsync()
    {
        var containers = _app.Services.GetRequiredService<EnrollmentContainers>();
        var counts = new Dictionary<string, int>();
        foreach (var definition in EnrollmentContainers.Definitions)
        {
            var count = 0;
            using var feed = containers.Database.GetContainer(definition.Id).GetItemQueryIterator<JsonElement>(new QueryDefinition("SELECT c.id FROM c"));
            while (feed.HasMoreResults)
            {
                count += (await feed.ReadNextAsync()).Count;
            }

            counts[definition.Id] = count;
        }

        return counts;
    }
}
