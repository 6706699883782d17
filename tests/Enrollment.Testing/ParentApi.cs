using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enrollment.Core.Applications;

namespace Enrollment.Testing;

/// <summary>A guardian's submit as the page makes it, on a phone (client) that has signed in and consented.</summary>
public static class ParentApi
{
    /// <summary>Posts the form to the parent API, with the Idempotency-Key the page would send if one is given.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient phone, ApplicationForm form, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/parent/applications") { Content = JsonContent.Create(form, options: TestForms.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return phone.SendAsync(request);
    }

    /// <summary>Submits a form the app must accept (201 Created); the new application's id.</summary>
    public static async Task<string> SubmitNewAsync(this HttpClient phone, ApplicationForm form, string? idempotencyKey = null)
    {
        var response = await phone.SubmitAsync(form, idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
