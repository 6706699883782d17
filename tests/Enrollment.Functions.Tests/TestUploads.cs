using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Enrollment.Functions.Tests;

/// <summary>What the phone page does to attach a document: ask for a link, PUT the file to storage, have it checked.</summary>
public static class TestUploads
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    public static async Task<string> UploadAsync(HttpClient phone, string kind)
    {
        var slot = await (await phone.PostAsJsonAsync("/api/parent/uploads", new { kind, contentType = "image/png", length = Png.Length })).Content.ReadFromJsonAsync<JsonElement>();
        var put = new HttpRequestMessage(HttpMethod.Put, slot.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(Png) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Content.Headers.ContentType = new("image/png");
        using var storage = new HttpClient();
        Assert.Equal(HttpStatusCode.Created, (await storage.SendAsync(put)).StatusCode);
        var uploadId = slot.GetProperty("uploadId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsync($"/api/parent/uploads/{uploadId}/accept", null)).StatusCode);
        return uploadId;
    }
}
