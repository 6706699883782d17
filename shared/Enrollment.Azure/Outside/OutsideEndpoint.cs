namespace Enrollment.Azure.Outside;

/// <summary>Where one outside service lives and the key it expects. No base URL: the service is switched off here.</summary>
public class OutsideEndpointOptions
{
    /// <summary>The service's base address, e.g. the department gateway's URL for this source.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as the <c>X-Api-Key</c> header; leave empty where the gateway authenticates otherwise (IP allow-list, mutual TLS).</summary>
    public string? ApiKey { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>An absent base URL is fine (the service is off); a present one must be an absolute http(s) URL, so a typo fails start instead of silently turning a source off.</summary>
    public bool HasValidBaseUrl => !IsConfigured || OutsideEndpoint.TryParse(BaseUrl, out _);
}

public static class OutsideEndpoint
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static bool TryParse(string? baseUrl, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        uri = parsed;
        return true;
    }

    /// <summary>Points a client at an endpoint; an unconfigured one is left alone, because its adapter never calls it.</summary>
    public static void Apply(HttpClient client, OutsideEndpointOptions endpoint)
    {
        if (!endpoint.IsConfigured || !TryParse(endpoint.BaseUrl, out var baseUri))
        {
            return;
        }

        client.BaseAddress = baseUri;
        if (!string.IsNullOrEmpty(endpoint.ApiKey))
        {
            client.DefaultRequestHeaders.Add(ApiKeyHeader, endpoint.ApiKey);
        }
    }
}
