using Enrollment.Core.Outside;

namespace Enrollment.Azure.Outside.DataSharing;

/// <summary>
/// One endpoint per department source, under <c>DataSharing:Sources:&lt;FactKind&gt;</c>. A source
/// left out answers Unavailable, and the parent uploads a document for that fact.
/// </summary>
public sealed class DataSharingOptions
{
    public const string Section = "DataSharing";

    public Dictionary<FactKind, OutsideEndpointOptions> Sources { get; set; } = [];

    public OutsideEndpointOptions For(FactKind kind) => Sources.TryGetValue(kind, out var source) ? source : new OutsideEndpointOptions();

    public bool IsValid => Sources.Values.All(s => s.HasValidBaseUrl);
}
