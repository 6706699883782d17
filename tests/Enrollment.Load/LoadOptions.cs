namespace Enrollment.Load;

/// <summary>What to run, bounded in requests and in time. <c>--small</c> is the preset the test command runs.</summary>
public sealed record LoadOptions(
    int Parents,
    int TwoPhoneChildren,
    int Retries,
    int StatusRounds,
    int Concurrency,
    TimeSpan ScenarioTimeLimit,
    string Out,
    int Runs = 1,
    int ColdStarts = 0)
{
    public static LoadOptions Default { get; } = new(Parents: 1000, TwoPhoneChildren: 100, Retries: 100, StatusRounds: 10, Concurrency: 256, TimeSpan.FromMinutes(2), Path.Combine("TestResults", "load"));

    public static LoadOptions Small { get; } = Default with { Parents = 60, TwoPhoneChildren = 10, Retries = 10, StatusRounds = 5, Concurrency = 64, ScenarioTimeLimit = TimeSpan.FromSeconds(20) };

    public const string Usage = """
        Enrollment.Load: the opening-day load tool (issue 5). Runs the real app and a bare minimal API over the local emulators, on loopback.
          --small                 the CI preset: 60 parents, finishes in well under a minute
          --parents N             virtual parents submitting at once in each of the two opening-minute bursts (default 1000)
          --two-phones N          of those children, how many are also submitted from a second guardian's phone (default 100)
          --retries N             how many submits the client repeats with the same Idempotency-Key (default 100)
          --status-rounds N       status refreshes per parent in the status-lookup storm (default 10)
          --concurrency N         requests in flight at once in the storm (default 256)
          --time-limit SECONDS    per scenario; requests still unsent then are not sent (default 120)
          --out DIRECTORY         where load-report.json and load-report.md go (default TestResults/load)
          --cold-start N          only measure N cold starts of the built app, standalone and under the Functions host where it is present
          --runs N                run everything N times (one report each, in run-1/ … run-N/) and report each ratio's median (default 1)
        Exit code 1 only when applications are lost or duplicated, a parent never converges through the crash, or a round-trip goal is missed; never on timings.
        """;

    /// <summary>Options in any order; a preset first, then each option overrides it.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--small") ? Small : Default;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Count() => int.TryParse(Next(), out var n) && n >= 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a whole number.");
            options = args[i] switch
            {
                "--small" => options,
                "--parents" => options with { Parents = Math.Max(1, Count()) },
                "--two-phones" => options with { TwoPhoneChildren = Count() },
                "--retries" => options with { Retries = Count() },
                "--status-rounds" => options with { StatusRounds = Count() },
                "--concurrency" => options with { Concurrency = Math.Max(1, Count()) },
                "--time-limit" => options with { ScenarioTimeLimit = TimeSpan.FromSeconds(Math.Max(1, Count())) },
                "--out" => options with { Out = Next() },
                "--runs" => options with { Runs = Math.Max(1, Count()) },
                "--cold-start" => options with { ColdStarts = Math.Max(1, Count()) },
                _ => null,
            };
            if (options is null)
            {
                return null;
            }
        }

        return options with { TwoPhoneChildren = Math.Min(options.TwoPhoneChildren, options.Parents), Retries = Math.Min(options.Retries, options.Parents) };
    }
}
