using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Lottery;

public enum ClassAssignmentRefusal
{
    NobodyAdmitted,

    /// <summary>The plan's classes at their size limit cannot hold the admitted children.</summary>
    TooFewClasses,

    AlreadyAssigned,
}

public abstract record ClassAssignmentOutcome
{
    private ClassAssignmentOutcome()
    {
    }

    public sealed record Done(string Seed, int Children, int Classes) : ClassAssignmentOutcome;

    public sealed record NotFound : ClassAssignmentOutcome;

    public sealed record ReadOnly : ClassAssignmentOutcome;

    /// <summary>The classes cannot be assigned now; the sentence says why, for the officer.</summary>
    public sealed record Refused(ClassAssignmentRefusal Reason, string Detail) : ClassAssignmentOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ClassAssignmentOutcome;
}

/// <summary>
/// 均衡分班 for a school's admitted children, by the bureau, once: the seed comes from two announced values the same
/// way as the lottery's, the result is a write-once public file of pseudonyms and classes, and each family sees
/// its child's class. Repeating it with the same values only finishes it; other values are refused.
/// </summary>
public sealed class ClassAssignments(ICountyStore counties, IApplicationStore applications, ILotteryArchive archive, Lotteries lotteries, IAuditLog audit, TimeProvider time)
{
    public static string FileName(string countyId, int year, string schoolId) => $"{countyId}/{LotteryRecord.IdFor(year, schoolId)}/classes.txt";

    public static string Seed(string countyId, int year, string schoolId, SeedInputs inputs) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"classes\n{countyId}\n{year}\n{schoolId}\n{inputs.PublicValue}\n{inputs.LiveValue}")));

    public async Task<ClassAssignmentOutcome> AssignAsync(StaffAccount staff, string countyId, string schoolId, SeedInputs inputs, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county || county.FindSchool(schoolId) is not { } school)
        {
            return new ClassAssignmentOutcome.NotFound();
        }

        if (!staff.CanConfigure(countyId))
        {
            return new ClassAssignmentOutcome.ReadOnly();
        }

        if (LotteryProtocol.Validate(inputs) is { Count: > 0 } errors)
        {
            return new ClassAssignmentOutcome.Invalid(errors);
        }

        var admitted = new List<Application>();
        await foreach (var application in applications.ListByStatusAsync(school.Id, county.EnrollmentYear, ApplicationStatus.Admitted, cancellationToken))
        {
            admitted.Add(application);
        }

        if (admitted.Count == 0)
        {
            return new ClassAssignmentOutcome.Refused(ClassAssignmentRefusal.NobodyAdmitted, "录取结束后再分班。");
        }

        var cap = Math.Min(school.Plan.ClassSize ?? PlanRules.MaxClassSize(school.Stage), PlanRules.MaxClassSize(school.Stage));
        var classes = Math.Max(school.Plan.Classes, 1);
        if (admitted.Count > classes * cap)
        {
            return new ClassAssignmentOutcome.Refused(ClassAssignmentRefusal.TooFewClasses,
                $"录取 {admitted.Count} 人，{classes} 个班每班最多 {cap} 人放不下，请先在招生计划中增加班数。");
        }

        var pseudonyms = admitted.ToDictionary(a => lotteries.PseudonymOf(countyId, a.Id), StringComparer.Ordinal);
        var seed = Seed(countyId, county.EnrollmentYear, school.Id, inputs);
        var placements = BalancedClasses.Assign(
            pseudonyms.Select(p => new AdmittedChild(p.Key, p.Value.Child.Sex, p.Value.Child.BirthDate.Month)).ToList(), classes, cap, seed);
        var file = new StringBuilder()
            .Append("enrollment-classes/1\n")
            .Append("county ").Append(countyId).Append('\n')
            .Append("year ").Append(county.EnrollmentYear.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("school ").Append(school.Id).Append('\n')
            .Append("classes ").Append(classes.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("public-value ").Append(inputs.PublicValue).Append('\n')
            .Append("public-source ").Append(inputs.PublicSource).Append('\n')
            .Append("live-value ").Append(inputs.LiveValue).Append('\n')
            .Append("seed ").Append(seed).Append('\n');
        foreach (var placement in placements)
        {
            file.Append(placement.Pseudonym).Append(' ').Append(placement.Class.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (!await archive.WriteOnceAsync(FileName(countyId, county.EnrollmentYear, school.Id), Encoding.UTF8.GetBytes(file.ToString()), cancellationToken))
        {
            return new ClassAssignmentOutcome.Refused(ClassAssignmentRefusal.AlreadyAssigned, "本校今年已经分班并公布，不能再次分班。");
        }

        foreach (var placement in placements)
        {
            var application = pseudonyms[placement.Pseudonym];
            await applications.UpdateAsync(application.Id, application.SchoolId, a => a.Class == placement.Class ? null : a with { Class = placement.Class }, cancellationToken);
        }

        var now = time.GetUtcNow();
        await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.AssignClasses, "school", school.Id,
            after: $"children={admitted.Count}; classes={classes}; seed={seed}", id: $"{countyId}.classes.{LotteryRecord.IdFor(county.EnrollmentYear, school.Id)}"), cancellationToken);
        return new ClassAssignmentOutcome.Done(seed, admitted.Count, classes);
    }
}
