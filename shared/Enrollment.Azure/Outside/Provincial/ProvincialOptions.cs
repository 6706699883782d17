using System.ComponentModel.DataAnnotations;

namespace Enrollment.Azure.Outside.Provincial;

/// <summary>The provincial enrollment platform, under <c>Provincial</c>; no base URL switches the data exchange off.</summary>
public sealed class ProvincialOptions : OutsideEndpointOptions
{
    public const string Section = "Provincial";

    /// <summary>Records per batch; the province's limit per request decides the ceiling.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}
