namespace Enrollment.Load;

/// <summary>The command line (the app's own entry point is <c>Program</c>, hosted here through its factory).</summary>
public static class LoadTool
{
    public static async Task<int> Main(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null || args.Contains("--help"))
        {
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }

        var report = await OpeningDay.RunAsync(options, CancellationToken.None);
        Directory.CreateDirectory(options.Out);
        await File.WriteAllTextAsync(Path.Combine(options.Out, "load-report.json"), report.ToJson());
        var markdown = report.ToMarkdown();
        await File.WriteAllTextAsync(Path.Combine(options.Out, "load-report.md"), markdown);
        Console.WriteLine(markdown);
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
