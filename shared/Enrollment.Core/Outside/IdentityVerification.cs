namespace Enrollment.Core.Outside;

/// <summary>The answer of a real-name check (实名核验): do this name and this resident ID number belong together.</summary>
public abstract record IdentityCheck
{
    private IdentityCheck()
    {
    }

    public sealed record Verified : IdentityCheck;

    /// <summary>The name and number do not match, or the number is unknown.</summary>
    public sealed record Mismatch : IdentityCheck;

    public sealed record Unavailable(Unavailability Reason) : IdentityCheck;
}

/// <summary>Real-name verification of a person against the national identity register.</summary>
public interface IIdentityVerifier
{
    Task<IdentityCheck> VerifyAsync(string name, string residentIdNumber, CancellationToken cancellationToken);
}
