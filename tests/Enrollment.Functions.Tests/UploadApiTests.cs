using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Enrollment.Functions.Tests;

/// <summary>A guardian's upload through the API: a write-only link, the file straight to (emulated) Blob Storage, then the check.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class UploadApiTests(LocalEmulators emulators) : IAsyncLifetime
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    private readonly EnrollmentApp _app = new(emulators);

    public async Task InitializeAsync()
    {
        await _app.CreateCountyAsync();

        // The storage emulator checks link expiry against the real clock.
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> StartAsync(HttpClient phone, string contentType, string kind = "household-register")
    {
        var response = await phone.PostAsJsonAsync("/api/parent/uploads", new { kind, contentType, length = Png.Length });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task PutAsync(JsonElement slot, byte[] content)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, slot.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(content) };
        foreach (var header in slot.GetProperty("requiredHeaders").EnumerateObject())
        {
            if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()))
            {
                request.Content.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        using var storage = new HttpClient();
        Assert.Equal(HttpStatusCode.Created, (await storage.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task APhotoGoesStraightToStorageAndCountsOnlyAfterItIsChecked()
    {
        var phone = await _app.NewParentAsync();
        var slot = await StartAsync(phone, "image/png");
        var id = slot.GetProperty("uploadId").GetString();

        var early = await phone.PostAsync($"/api/parent/uploads/{id}/accept", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await PutAsync(slot, Png);
        var stranger = await _app.NewParentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/parent/uploads/{id}/accept", null)).StatusCode);

        var accepted = await phone.PostAsync($"/api/parent/uploads/{id}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var document = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("户口簿", document.GetProperty("kindName").GetString());
        Assert.Equal("image/png", document.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task AFileThatIsNotWhatItClaimsIsRefusedInWordsAParentUnderstands()
    {
        var phone = await _app.NewParentAsync();
        var slot = await StartAsync(phone, "application/pdf");
        await PutAsync(slot, Png);

        var refused = await phone.PostAsync($"/api/parent/uploads/{slot.GetProperty("uploadId").GetString()}/accept", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("文件内容与类型不符", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("payslip", "image/png", HttpStatusCode.BadRequest)]
    [InlineData("household-register", "application/x-msdownload", HttpStatusCode.UnsupportedMediaType)]
    public async Task OnlyKnownDocumentsAndFileTypesGetALink(string kind, string contentType, HttpStatusCode expected)
    {
        var response = await (await _app.NewParentAsync()).PostAsJsonAsync("/api/parent/uploads", new { kind, contentType, length = 1000 });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignedOutThereIsNoLink() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.NewPhone().PostAsJsonAsync("/api/parent/uploads", new { kind = "household-register", contentType = "image/png", length = 10 })).StatusCode);
}
