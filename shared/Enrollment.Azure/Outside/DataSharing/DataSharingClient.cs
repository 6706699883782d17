using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Outside.DataSharing;

/// <summary>
/// Checks a claimed fact with the department that holds it. Each kind has its own client (base URL,
/// key, circuit breaker), so one department being down does not hold up checks with the others.
/// </summary>
public sealed class DataSharingClient(
    IReadOnlyDictionary<FactKind, IDataSharingApi> sources,
    IOptions<DataSharingOptions> options,
    TimeProvider time,
    ILogger<DataSharingClient> logger) : IDataSharing
{
    private const string Service = "DataSharing";
    private readonly NotConfiguredNotice _notConfigured = new(logger, Service);

    public async Task<FactCheck> CheckAsync(FactClaim claim, CancellationToken cancellationToken)
    {
        if (!options.Value.For(claim.Kind).IsConfigured || !sources.TryGetValue(claim.Kind, out var api))
        {
            _notConfigured.Report(claim.Kind.ToString(), $"{DataSharingOptions.Section}:Sources:{claim.Kind}:BaseUrl");
            return new FactCheck.Unavailable(Unavailability.NotConfigured);
        }

        var (source, hasAddress) = Route(claim.Kind);
        var request = new FactVerificationRequest(claim.Name.Trim(), claim.IdNumber.Trim().ToUpperInvariant(), hasAddress ? claim.Address?.Trim() : null);
        using var answer = await OutsideCall.SendAsync(ct => api.VerifyAsync(source, request, ct), time, cancellationToken);

        FactCheck result = answer switch
        {
            { Failure: { } reason } => new FactCheck.Unavailable(reason),
            { Content.Matched: true } => new FactCheck.Matched(answer.Content.Reference),
            { Content.Matched: false } => new FactCheck.NotMatched(),
            _ => new FactCheck.Unavailable(Unavailability.Malformed),
        };

        OutsideLog.Answered(logger, Service, claim.Kind.ToString(), Outcome(result), result is not FactCheck.Unavailable, answer.StatusCode, answer.Elapsed);
        return result;
    }

    /// <summary>The path segment of each source, and whether the fact is tied to an address.</summary>
    public static (string Source, bool HasAddress) Route(FactKind kind) => kind switch
    {
        FactKind.HouseholdRegistration => ("household", true),
        FactKind.PropertyRegistration => ("property", true),
        FactKind.SaleContract => ("sale-contract", true),
        FactKind.RentalFiling => ("rental-filing", true),
        FactKind.ResidencePermit => ("residence-permit", true),
        FactKind.SocialInsurance => ("social-insurance", false),
        FactKind.BusinessLicence => ("business-licence", true),
        FactKind.EnterpriseRegistration => ("enterprise-registration", true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Outcome(FactCheck result) => result switch
    {
        FactCheck.Unavailable u => $"Unavailable:{u.Reason}",
        _ => result.GetType().Name,
    };
}
