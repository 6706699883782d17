using Enrollment.Core.Applications;
using Enrollment.Core.Identity;
using Enrollment.Core.Outside;

namespace Enrollment.Core.Checks;

public enum RealNameStatus
{
    Verified,

    /// <summary>Name and number do not belong together: almost always a typing slip, shown to the parent at once.</summary>
    Mismatch,

    /// <summary>The verification service did not answer; retried later, never blocks the parent.</summary>
    Pending,
}

/// <summary>The real-name check (实名核验) of one person on the application. No personal data.</summary>
public sealed record RealNameCheck(FactSubject Subject, RealNameStatus Status, DateTimeOffset CheckedAt);

/// <summary>Checks that the child's and the guardian's names go with their resident ID numbers.</summary>
public sealed class RealNameChecks(IIdentityVerifier verifier, TimeProvider time)
{
    /// <summary>The people on the form who hold a resident ID: the only document the verification service knows.</summary>
    public static IReadOnlyList<(FactSubject Subject, string Name, string Number)> People(ApplicationForm form)
    {
        var people = new List<(FactSubject, string, string)>();
        if (form.Child is { DocumentType: IdentityDocumentType.ResidentId, Name: { } childName, DocumentNumber: { } childNumber })
        {
            people.Add((FactSubject.Child, childName.Trim(), childNumber.Trim().ToUpperInvariant()));
        }

        if (form.Family?.FirstOrDefault(m => m.IsGuardian == true) is { DocumentType: IdentityDocumentType.ResidentId, Name: { } name, DocumentNumber: { } number })
        {
            people.Add((FactSubject.Guardian, name.Trim(), number.Trim().ToUpperInvariant()));
        }

        return people;
    }

    /// <summary>The checks made; none when the county has not connected a verification service (nothing to wait for).</summary>
    public async Task<IReadOnlyList<RealNameCheck>> RunAsync(ApplicationForm form, CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(People(form).Select(async p => (p.Subject, Status: await VerifyAsync(p.Name, p.Number, cancellationToken))));
        return checks.Where(c => c.Status is not null).Select(c => new RealNameCheck(c.Subject, c.Status!.Value, time.GetUtcNow())).ToList();
    }

    /// <summary>Null when no verification service is configured.</summary>
    public async Task<RealNameStatus?> VerifyAsync(string name, string number, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(name, number, cancellationToken) switch
        {
            IdentityCheck.Verified => RealNameStatus.Verified,
            IdentityCheck.Mismatch => RealNameStatus.Mismatch,
            IdentityCheck.Unavailable { Reason: Unavailability.NotConfigured } => null,
            _ => RealNameStatus.Pending,
        };
}
