namespace Enrollment.Testing;

/// <summary>Makes resident ID numbers for test children (region 110105, a random sequence), with the right check character.</summary>
public static class TestIdentity
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static string ResidentId(DateOnly birthDate)
    {
        var body = $"110105{birthDate:yyyyMMdd}{Random.Shared.Next(0, 1000):D3}";
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
