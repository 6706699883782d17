namespace Enrollment.Core.Rules;

/// <summary>
/// Primary entry age: the child must be <see cref="MinimumAge"/> full years old on the cut-off day
/// (31 August of the enrollment year unless the bureau configures otherwise).
/// </summary>
public sealed record AgeRule(int MinimumAge, int CutoffMonth, int CutoffDay)
{
    public static AgeRule PrimaryDefault { get; } = new(6, 8, 31);

    public DateOnly CutoffFor(int enrollmentYear) => new(enrollmentYear, CutoffMonth, CutoffDay);

    /// <summary>The latest birth date that still qualifies in the given year.</summary>
    public DateOnly LatestBirthDate(int enrollmentYear)
    {
        var cutoff = CutoffFor(enrollmentYear);
        // A child born on 29 February turns a year older on 28 February in common years, as in civil law.
        var year = cutoff.Year - MinimumAge;
        return new DateOnly(year, cutoff.Month, Math.Min(cutoff.Day, DateTime.DaysInMonth(year, cutoff.Month)));
    }

    public bool IsOldEnough(DateOnly birthDate, int enrollmentYear) => birthDate <= LatestBirthDate(enrollmentYear);
}
