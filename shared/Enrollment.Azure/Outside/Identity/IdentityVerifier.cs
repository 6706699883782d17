using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Outside.Identity;

public sealed class IdentityVerifier(
    IIdentityVerificationApi api,
    IOptions<IdentityVerificationOptions> options,
    TimeProvider time,
    ILogger<IdentityVerifier> logger) : IIdentityVerifier
{
    private const string Service = "IdentityVerification";
    private const string Operation = "Verify";
    private readonly NotConfiguredNotice _notConfigured = new(logger, Service);

    public async Task<IdentityCheck> VerifyAsync(string name, string residentIdNumber, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            _notConfigured.Report(Operation, $"{IdentityVerificationOptions.Section}:BaseUrl");
            return new IdentityCheck.Unavailable(Unavailability.NotConfigured);
        }

        var request = new IdentityVerificationRequest(name.Trim(), residentIdNumber.Trim().ToUpperInvariant());
        using var answer = await OutsideCall.SendAsync(ct => api.VerifyAsync(request, ct), time, cancellationToken);

        IdentityCheck result = answer switch
        {
            { Failure: { } reason } => new IdentityCheck.Unavailable(reason),
            { Content.Matched: true } => new IdentityCheck.Verified(),
            { Content.Matched: false } => new IdentityCheck.Mismatch(),
            _ => new IdentityCheck.Unavailable(Unavailability.Malformed),
        };

        var outcome = result is IdentityCheck.Unavailable u ? $"Unavailable:{u.Reason}" : result.GetType().Name;
        OutsideLog.Answered(logger, Service, Operation, outcome, result is not IdentityCheck.Unavailable, answer.StatusCode, answer.Elapsed);
        return result;
    }
}
