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

        if (options.ColdStarts > 0)
        {
            await using var emulators = await LocalEmulators.StartAsync();
            var coldStarts = ColdStart.ToMarkdown(await ColdStart.RunAsync(emulators, options.ColdStarts));
            Directory.CreateDirectory(options.Out);
            await File.WriteAllTextAsync(Path.Combine(options.Out, "cold-start.md"), coldStarts);
            Console.WriteLine(coldStarts);
            return 0;
        }

        // One run is not enough to judge a ratio on a shared 2-core machine: several give each ratio's median.
        var reports = new List<LoadReport>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var report = await OpeningDay.RunAsync(options, CancellationToken.None);
            var folder = options.Runs == 1 ? options.Out : Path.Combine(options.Out, $"run-{run}");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "load-report.json"), report.ToJson());
            var markdown = report.ToMarkdown();
            await File.WriteAllTextAsync(Path.Combine(folder, "load-report.md"), markdown);
            Console.WriteLine(markdown);
            reports.Add(report);
        }

        if (reports.Count > 1)
        {
            var summary = LoadReport.Medians(reports);
            await File.WriteAllTextAsync(Path.Combine(options.Out, "load-report.md"), summary);
            Console.WriteLine(summary);
        }

        return reports.All(r => r.Failures.Count == 0) ? 0 : 1;
    }
}
