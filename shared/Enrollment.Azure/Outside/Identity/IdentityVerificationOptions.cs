namespace Enrollment.Azure.Outside.Identity;

/// <summary>The real-name verification service, under <c>IdentityVerification</c>; no base URL switches it off.</summary>
public sealed class IdentityVerificationOptions : OutsideEndpointOptions
{
    public const string Section = "IdentityVerification";
}
