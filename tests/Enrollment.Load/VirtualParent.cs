using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Enrollment.Core.Applications;

namespace Enrollment.Load;

/// <summary>
/// One phone: its own session cookie (kept by hand, so thousands of phones can share one connection
/// pool) and the child it applies for.
/// </summary>
public sealed class VirtualParent(HttpClient http, string mobile, ApplicationForm form, string idempotencyKey)
{
    /// <summary>As the page sends it: camelCase, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, string> _cookies = [];

    public string Mobile => mobile;

    public ApplicationForm Form => form;

    public string ChildDocumentNumber => form.Child!.DocumentNumber!;

    public string IdempotencyKey => idempotencyKey;

    /// <summary>The same guardian and child, sending to another server (the bare API, which has no sessions).</summary>
    public VirtualParent On(HttpClient other) => new(other, mobile, form, idempotencyKey);

    /// <summary>Signs in with the development sign-in and consents, as a parent does before the window opens.</summary>
    public async Task SignInAsync(CancellationToken cancellationToken)
    {
        EnsureSuccess(await SendAsync(HttpMethod.Post, "/api/parent/sign-in/development", new { mobile }, cancellationToken));
        EnsureSuccess(await SendAsync(HttpMethod.Post, "/api/parent/consent", new { version = Core.Parents.ConsentText.CurrentVersion }, cancellationToken));
    }

    private static void EnsureSuccess(Sent sent)
    {
        if (sent.Status is < 200 or > 299)
        {
            throw new InvalidOperationException($"Signing a virtual parent in answered {sent.Status}: {sent.Body}");
        }
    }

    public Task<Sent> SubmitAsync(string path, bool withKey, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, form, cancellationToken, withKey ? idempotencyKey : null);

    public Task<Sent> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    private async Task<Sent> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? key = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        string cookie;
        lock (_cookies)
        {
            cookie = string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}"));
        }

        if (cookie.Length > 0)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            lock (_cookies)
            {
                foreach (var pair in setCookies.Select(c => c.Split(';', 2)[0].Split('=', 2)).Where(p => p.Length == 2))
                {
                    _cookies[pair[0].Trim()] = pair[1].Trim();
                }
            }
        }

        return new Sent((int)response.StatusCode, text, elapsed);
    }

    public sealed record Sent(int Status, string Body, TimeSpan Elapsed)
    {
        /// <summary>The application number and school a 2xx answer names.</summary>
        public (string Id, string SchoolId)? Application()
        {
            if (Status is < 200 or > 299)
            {
                return null;
            }

            using var json = JsonDocument.Parse(Body);
            return (json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("schoolId").GetString()!);
        }
    }
}
