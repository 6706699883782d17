using Enrollment.Core.Staff;
using Microsoft.AspNetCore.Identity;

namespace Enrollment.Functions.Staff;

/// <summary>ASP.NET Core Identity's password hasher (PBKDF2, salted, versioned) behind the domain's port.</summary>
public sealed class PlatformPasswordHashing : IPasswordHashing
{
    private static readonly StaffAccount Nobody = new("-", "-", StaffRole.Auditor, "-", [], null, null, 0, 0, null, "-", true, DateTimeOffset.MinValue);
    private readonly PasswordHasher<StaffAccount> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(Nobody, password);

    public PasswordCheck Verify(string hash, string password) => _hasher.VerifyHashedPassword(Nobody, hash, password) switch
    {
        PasswordVerificationResult.Success => PasswordCheck.Succeeded,
        PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SucceededRehashNeeded,
        _ => PasswordCheck.Failed,
    };
}
