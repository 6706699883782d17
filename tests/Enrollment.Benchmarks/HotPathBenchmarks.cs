using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;

namespace Enrollment.Benchmarks;

/// <summary>Resident ID checks on every submit, against the cost of merely matching its shape.</summary>
[MemoryDiagnoser]
public class ResidentIdBenchmarks
{
    private readonly string _valid = TestIdentity.ResidentId(new DateOnly(2019, 5, 17));
    private readonly string _wrongChecksum;

    public ResidentIdBenchmarks()
    {
        _wrongChecksum = _valid[..17] + (_valid[17] == '0' ? '1' : '0');
    }

    [Benchmark(Baseline = true, Description = "shape only (regex)")]
    public bool ShapeOnly() => System.Text.RegularExpressions.Regex.IsMatch(_valid, @"^[0-9]{17}[0-9X]$");

    [Benchmark(Description = "parse valid (checksum, date, region)")]
    public bool ParseValid() => ResidentIdNumber.TryParse(_valid, out _);

    [Benchmark(Description = "parse wrong checksum")]
    public bool ParseWrongChecksum() => ResidentIdNumber.TryParse(_wrongChecksum, out _);
}

/// <summary>The eligibility rules a submit runs, against the age rule alone: the window and the whole form's validation.</summary>
[MemoryDiagnoser]
public class RuleBenchmarks
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private readonly DateTimeOffset _now = new(2026, 8, 6, 10, 0, 0, Cst);
    private readonly County _county;
    private readonly ApplicationForm _form;

    public RuleBenchmarks()
    {
        _county = DemoCounty.Create(_now) with { EnrollmentYear = 2026 };
        _form = TestForms.Valid(_county.Id, _county.Schools[0].Id, TestIdentity.ResidentId(new DateOnly(2020, 3, 1)));
    }

    [Benchmark(Description = "window open?")]
    public bool WindowCheck() => _county.WindowFor(WindowKind.Registration, _county.Schools[0], _now).IsOpen;

    [Benchmark(Baseline = true, Description = "age rule")]
    public bool AgeRule() => _county.AgeRule.IsOldEnough(new DateOnly(2020, 3, 1), _county.EnrollmentYear);

    [Benchmark(Description = "whole form validation")]
    public int ValidateForm() => ApplicationFormValidation.Validate(_form, _county, Window.ChinaDate(_now), out _).Count;
}

/// <summary>Session cookies are checked on every parent and staff request; the baseline is the HMAC alone.</summary>
[MemoryDiagnoser]
public class SessionTokenBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _payload = Encoding.UTF8.GetBytes("""{"ParentId":"sms-0123456789abcdef0123456789abcdef01234567","Applications":[{"ApplicationId":"B7K2M9Q4","SchoolId":"demo-101"}],"ExpiresAt":"2026-09-05T10:00:00+08:00"}""");
    private readonly ParentSessionTokens _parents;
    private readonly StaffSessionTokens _staff;
    private readonly string _parentToken;
    private readonly string _staffToken;

    public SessionTokenBenchmarks()
    {
        _parents = new ParentSessionTokens(_key, TimeProvider.System);
        _staff = new StaffSessionTokens(_key, TimeProvider.System);
        _parentToken = _parents.Issue("sms-0123456789abcdef0123456789abcdef01234567", [new ApplicationReference("B7K2M9Q4", "demo-101")]);
        _staffToken = _staff.Issue(new StaffAccount("clerk@demo", "Clerk", StaffRole.SchoolReviewer, "demo", ["demo-101"], null, null, 0, 0, null, "stamp", false, DateTimeOffset.UnixEpoch));
    }

    [Benchmark(Baseline = true, Description = "HMAC-SHA256 of the payload")]
    public byte[] HmacOnly() => HMACSHA256.HashData(_key, _payload);

    [Benchmark(Description = "read parent session")]
    public ParentSession? ReadParent() => _parents.Read(_parentToken);

    [Benchmark(Description = "read staff session")]
    public StaffSession? ReadStaff() => _staff.Read(_staffToken);

    [Benchmark(Description = "read forged parent session")]
    public ParentSession? ReadForged() => _parents.Read(_parentToken[..^2] + "AA");
}
