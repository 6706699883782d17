using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Hosting;

/// <summary>How many API requests one client may make a minute (section <c>RateLimits</c>).</summary>
public sealed class ClientRateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>A signed-in parent: the status page and the form make a few requests a minute; a script makes thousands.</summary>
    [Range(1, 1_000_000)]
    public int ParentRequestsPerMinute { get; set; } = 120;

    /// <summary>
    /// Everyone else, per client address. Generous because mobile carriers put many families behind one
    /// address (carrier-grade NAT); signed-in guardians count against their own budget instead.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AddressRequestsPerMinute { get; set; } = 1200;
}

/// <summary>
/// One abusive client must not starve the parents: every API request counts against its guardian's or its
/// address's budget (static pages are served before the limiter and never count). The stricter limits on
/// texting codes and staff sign-in are endpoint policies on top of this.
/// </summary>
public static class ClientRateLimits
{
    /// <summary>The limiter with this budget as its global limit; features add their endpoints' policies to its options.</summary>
    public static IServiceCollection AddClientRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter();
        services.AddOptions<ClientRateLimitOptions>().BindConfiguration(ClientRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ClientRateLimitOptions>>((o, limits) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            o.OnRejected = (rejected, _) =>
            {
                // The problem body comes from the status-code pages like every other refusal; the client only needs to know when to come back.
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, ClientRateLimitOptions limits)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        if (context.User.Identity is { IsAuthenticated: true } && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } parent)
        {
            return RateLimitPartition.GetFixedWindowLimiter("parent:" + parent, _ => PerMinute(limits.ParentRequestsPerMinute));
        }

        return RateLimitPartition.GetFixedWindowLimiter("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => PerMinute(limits.AddressRequestsPerMinute));
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
}
