using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enrollment.Core.Counties;

namespace Enrollment.Functions.Tests;

/// <summary>A parent whose phone asks for English reads every refusal in English; everyone else reads Chinese.</summary>
[Collection(EmulatorCollection.Name)]
public sealed partial class ProblemLanguageTests(LocalEmulators emulators) : IAsyncLifetime
{
    private readonly EnrollmentApp _app = new(emulators);
    private County _county = null!;

    public async Task InitializeAsync() => _county = await _app.CreateCountyAsync();

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task ARefusalIsWrittenInTheLanguageThePhoneAsksFor()
    {
        var english = await _app.NewParentAsync();
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var chinese = await _app.NewParentAsync();
        var invalid = TestForms.Valid(_county.Id, _county.Schools[0].Id, "340524198001010013").WithChild(c => c with { Name = "<b>" }) with
        {
            Family = [TestForms.Valid(_county.Id, _county.Schools[0].Id, "340524198001010013").Family![0] with { Mobile = "10086" }],
        };

        var inEnglish = await english.SubmitAsync(invalid);
        var body = await inEnglish.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, inEnglish.StatusCode);
        Assert.Equal("en", Assert.Single(inEnglish.Content.Headers.ContentLanguage));
        Assert.Equal("Some details need correcting", body.GetProperty("title").GetString());
        var messages = body.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()!).ToList();
        Assert.Equal(3, messages.Count);
        Assert.All(messages.Append(body.GetProperty("detail").GetString()!), m => Assert.DoesNotMatch(Han(), m));

        var inChinese = await (await chinese.SubmitAsync(invalid)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("填写的信息有误", inChinese.GetProperty("title").GetString());

        // A text with a date in it, one with nothing of the family's, and the framework's own answers.
        var tooYoung = await (await english.SubmitAsync(TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 9, 1)))))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Your child is not yet of school age", tooYoung.GetProperty("title").GetString());
        Assert.Contains("born on or before 2020-8-31", tooYoung.GetProperty("detail").GetString());
        Assert.Equal("This application was not found", (await NotFoundAsync(english, "/api/parent/applications/NOPE/receipt")).GetProperty("title").GetString());
        Assert.Equal("Page not found", (await NotFoundAsync(english, "/api/nothing-here")).GetProperty("title").GetString());
    }

    private static async Task<JsonElement> NotFoundAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
