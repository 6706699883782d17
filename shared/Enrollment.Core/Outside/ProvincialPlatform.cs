namespace Enrollment.Core.Outside;

/// <summary>What the county platform reports to the provincial enrollment platform (省级招生平台).</summary>
public enum ProvincialRecordKind
{
    /// <summary>Every application (报名) and its current status.</summary>
    Application,

    /// <summary>Admissions (录取): the full student-record fields, from which the province starts the 学籍.</summary>
    Admission,

    /// <summary>Placements of disabled children (随班就读 / 特殊教育学校 / 送教上门), for the province's 应入尽入 ledger.</summary>
    Placement,
}

/// <summary>One child's record for the province: the application it comes from, when it last changed, and the fields the kind needs.</summary>
public sealed record ProvincialRecord(string ApplicationId, string Status, DateTimeOffset ChangedAt, IReadOnlyDictionary<string, string> Fields)
{
    // The fields are a child's personal data: a record printed into a log shows only which application it is.
    public override string ToString() => $"ProvincialRecord {{ ApplicationId = {ApplicationId} }}";
}

/// <summary>
/// A batch of one kind for one school. <see cref="BatchId"/> is derived from the content, so a retry of
/// the same batch carries the same id and the province stores it once.
/// </summary>
public sealed record ProvincialBatch(string BatchId, string CountyId, string SchoolId, ProvincialRecordKind Kind, IReadOnlyList<ProvincialRecord> Records);

public abstract record ProvincialPush
{
    private ProvincialPush()
    {
    }

    /// <summary>The province has stored the whole batch (now, or on an earlier try of the same batch).</summary>
    public sealed record Acknowledged : ProvincialPush;

    /// <summary>The province refused the batch (its own code or text, for the bureau); sending it again as it is will not help.</summary>
    public sealed record Rejected(string Reason) : ProvincialPush;

    public sealed record Unavailable(Unavailability Reason) : ProvincialPush;
}

public abstract record ProvincialHoldings
{
    private ProvincialHoldings()
    {
    }

    /// <summary>The application ids the province holds for the school and kind.</summary>
    public sealed record Held(IReadOnlyList<string> ApplicationIds) : ProvincialHoldings;

    public sealed record Unavailable(Unavailability Reason) : ProvincialHoldings;
}

/// <summary>The provincial enrollment platform, which every county platform must report to.</summary>
public interface IProvincialPlatform
{
    Task<ProvincialPush> PushAsync(ProvincialBatch batch, CancellationToken cancellationToken);

    Task<ProvincialHoldings> ListAsync(string countyId, string schoolId, ProvincialRecordKind kind, CancellationToken cancellationToken);
}
