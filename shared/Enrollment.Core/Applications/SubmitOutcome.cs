using Enrollment.Core.Counties;

namespace Enrollment.Core.Applications;

/// <summary>The result of a submission; every expected refusal is one of these, never an exception.</summary>
public abstract record SubmitOutcome
{
    private SubmitOutcome()
    {
    }

    /// <summary>Stored (or, for a retry with the same idempotency key, stored before).</summary>
    public sealed record Accepted(Application Application, bool Replayed) : SubmitOutcome;

    /// <summary>Field path → messages for the parent.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : SubmitOutcome;

    public sealed record WindowNotOpen(WindowReading Window) : SubmitOutcome;

    public sealed record TooYoung(DateOnly LatestBirthDate) : SubmitOutcome;

    public sealed record AlreadyApplied : SubmitOutcome;

    /// <summary>Some claimed facts could not be confirmed by data sharing: these documents are needed first.</summary>
    public sealed record DocumentsNeeded(IReadOnlyList<Checks.FactResult> Facts) : SubmitOutcome;

    /// <summary>The guardian has not yet agreed to the current consent text.</summary>
    public sealed record ConsentRequired : SubmitOutcome;
}

public abstract record WithdrawOutcome
{
    private WithdrawOutcome()
    {
    }

    public sealed record Withdrawn(Application Application) : WithdrawOutcome;

    public sealed record NotFound : WithdrawOutcome;

    /// <summary>Too late, or already decided; the reason is for the parent.</summary>
    public sealed record NotAllowed(string Reason) : WithdrawOutcome;
}
