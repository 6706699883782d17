using Enrollment.Core.Applications;
using Enrollment.Core.Outside;
using Enrollment.Core.Security;

namespace Enrollment.Core.Checks;

/// <summary>Whose fact it is: the child's own household registration, or the guardian's home, permit or work.</summary>
public enum FactSubject
{
    Child,
    Guardian,
}

public enum FactStatus
{
    /// <summary>Confirmed by the department's data: no document needed.</summary>
    Matched,

    /// <summary>The department's data does not confirm it (or it cannot be asked): a document is needed.</summary>
    NotMatched,

    /// <summary>The department's system did not answer: retried by a timer, never blocks the parent.</summary>
    Pending,
}

/// <summary>One claimed fact and what became of it. No personal data: only kinds, states and the document's id.</summary>
public sealed record FactResult(FactKind Kind, FactSubject Subject, FactStatus Status, string DocumentKind, string? UploadId, DateTimeOffset CheckedAt)
{
    public bool NeedsDocument => Status == FactStatus.NotMatched && UploadId is null;
}

/// <summary>A fact to check, with the person it is about; only ever held in memory.</summary>
public sealed record PlannedCheck(FactSubject Subject, FactClaim? Claim, FactKind Kind);

/// <summary>
/// 零证明: each fact the form claims is first asked of the department that holds it (data sharing);
/// only what could not be confirmed asks the guardian for a document.
/// </summary>
public sealed class DataSharingChecks(IDataSharing sharing, PersonalDataProtector protector, TimeProvider time)
{
    public static string DocumentFor(FactKind kind) => kind switch
    {
        FactKind.HouseholdRegistration => "household-register",
        FactKind.PropertyRegistration => "property-certificate",
        FactKind.SaleContract => "sale-contract",
        FactKind.RentalFiling => "rental-filing",
        FactKind.ResidencePermit => "residence-permit",
        FactKind.SocialInsurance => "social-insurance",
        FactKind.BusinessLicence => "business-licence",
        FactKind.EnterpriseRegistration => "enterprise-registration",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The facts a form claims: the child's household registration (when the child has a resident ID),
    /// and the guardian's basis of residence (property, rental filing, or residence permit with social insurance).
    /// </summary>
    public static IReadOnlyList<PlannedCheck> Plan(ApplicationForm form)
    {
        var checks = new List<PlannedCheck>();
        var child = form.Child;
        if (child?.DocumentType == IdentityDocumentType.ResidentId && child.Name is not null && child.DocumentNumber is not null)
        {
            checks.Add(new(FactSubject.Child, new FactClaim(FactKind.HouseholdRegistration, child.Name.Trim(), child.DocumentNumber.Trim().ToUpperInvariant(), child.HouseholdRegistrationPlace?.Trim()), FactKind.HouseholdRegistration));
        }

        var guardian = form.Family?.FirstOrDefault(m => m.IsGuardian == true);
        FactClaim? GuardianClaim(FactKind kind) =>
            guardian is { DocumentType: IdentityDocumentType.ResidentId, Name: not null, DocumentNumber: not null }
                ? new FactClaim(kind, guardian.Name.Trim(), guardian.DocumentNumber.Trim().ToUpperInvariant(), form.Residence?.Address?.Trim())
                : null;

        // 日照's seven items: which department is asked follows what the family said shows its home or its work here.
        FactKind[] basisFacts = form.Residence?.Basis switch
        {
            EligibilityBasis.OwnedProperty => [form.Residence.Proof == PropertyProof.SaleContract ? FactKind.SaleContract : FactKind.PropertyRegistration],
            EligibilityBasis.RegisteredRental => [FactKind.RentalFiling],
            EligibilityBasis.ResidencePermit => [FactKind.ResidencePermit, form.Residence.Employment switch
            {
                Employment.IndividualBusiness => FactKind.BusinessLicence,
                Employment.Enterprise => FactKind.EnterpriseRegistration,
                _ => FactKind.SocialInsurance,
            }],
            _ => [],
        };

        // Without a guardian's resident ID the department cannot be asked: the fact needs a document.
        checks.AddRange(basisFacts.Select(kind => new PlannedCheck(FactSubject.Guardian, GuardianClaim(kind), kind)));
        return checks;
    }

    /// <summary>A keyed fingerprint of what was checked, so a later change to the form is noticed and checked again.</summary>
    public string Fingerprint(ApplicationForm form) =>
        protector.KeyedHash("checks|" + string.Join("|", Plan(form).Select(c => $"{c.Subject}:{c.Kind}:{c.Claim?.Name}:{c.Claim?.IdNumber}:{c.Claim?.Address}")));

    /// <summary>
    /// Checks every planned fact, all at once. A fact a department already answered (matched or not) is
    /// kept as it was, so re-running after an upload asks nothing twice; only unanswered ones are asked again.
    /// </summary>
    public async Task<IReadOnlyList<FactResult>> RunAsync(ApplicationForm form, IReadOnlyList<FactResult> previous, CancellationToken cancellationToken)
    {
        var tasks = Plan(form).Select(async planned =>
        {
            var earlier = previous.FirstOrDefault(p => p.Kind == planned.Kind && p.Subject == planned.Subject);
            if (earlier is { Status: not FactStatus.Pending } || earlier is { UploadId: not null })
            {
                return earlier;
            }

            var status = planned.Claim is null ? FactStatus.NotMatched : await CheckAsync(planned.Claim, cancellationToken);
            return new FactResult(planned.Kind, planned.Subject, status, DocumentFor(planned.Kind), null, time.GetUtcNow());
        });
        return await Task.WhenAll(tasks);
    }

    public async Task<FactStatus> CheckAsync(FactClaim claim, CancellationToken cancellationToken) =>
        await sharing.CheckAsync(claim, cancellationToken) switch
        {
            FactCheck.Matched => FactStatus.Matched,
            FactCheck.NotMatched => FactStatus.NotMatched,

            // A department this county has not connected will not answer later either: the document is needed now.
            FactCheck.Unavailable { Reason: Unavailability.NotConfigured } => FactStatus.NotMatched,
            _ => FactStatus.Pending,
        };
}
