using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Enrollment.Core.Lottery;

namespace Enrollment.Benchmarks;

/// <summary>
/// A county-sized lottery: 100,000 applicants in three tiers, one in twenty a twin, frozen, drawn and written
/// out as a transcript (goal: under a second). The baseline is the floor any such draw pays: hashing every id
/// once and sorting the hashes.
/// </summary>
[MemoryDiagnoser]
public class LotteryBenchmarks
{
    private const int Applicants = 100_000;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly List<LotteryEntrant> _entrants = [];
    private readonly SeedInputs _inputs = new("2026094期 03 11 17 22 28 31 + 07", "https://www.cwl.gov.cn/ygkj/wqkjgg/ssq/", "4821");

    public LotteryBenchmarks()
    {
        for (var i = 0; _entrants.Count < Applicants; i++)
        {
            var twins = i % 20 == 0;
            _entrants.Add(new LotteryEntrant($"26BENCH{i:D7}", i % 3, twins ? $"t{i}" : null));
            if (twins)
            {
                _entrants.Add(new LotteryEntrant($"26BENCH{i:D7}B", i % 3, $"t{i}"));
            }
        }
    }

    [Benchmark(Baseline = true, Description = "floor: hash every id once and sort")]
    public string HashAndSort() =>
        _entrants.Select(e => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.ApplicationId)))).Order(StringComparer.Ordinal).First();

    [Benchmark(Description = "freeze, draw and write the transcript (100,000 applicants)")]
    public int FreezeDrawTranscript() =>
        LotteryProtocol.Draw(LotteryProtocol.Freeze(new LotteryHeader("bench", 2026, "bench-201", 30_000), _entrants, _key), _inputs).Transcript.Length;
}
