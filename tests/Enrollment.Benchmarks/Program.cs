using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/Enrollment.Benchmarks` runs them all; `-- --filter *Window*` picks some.
// Each class has a baseline, so the report states our code as a ratio of it, measured in the same run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
