namespace Enrollment.Outside.Tests;

public static class PersonalData
{
    /// <summary>No log line, formatted or structured, carries any of these values.</summary>
    public static void AssertAbsent(CapturedLogs logs, params string[] values)
    {
        Assert.NotEmpty(logs.Lines);
        foreach (var line in logs.Lines)
        {
            foreach (var value in values)
            {
                Assert.DoesNotContain(value, line.Message, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(line.State, s => s.Value?.ToString()?.Contains(value, StringComparison.OrdinalIgnoreCase) == true);
            }
        }
    }
}
