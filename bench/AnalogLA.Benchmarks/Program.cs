using BenchmarkDotNet.Running;

// Run all suites: dotnet run -c Release --project bench/AnalogLA.Benchmarks -- --filter '*'
// One suite:      dotnet run -c Release --project bench/AnalogLA.Benchmarks -- --filter '*MvmBenchmarks*'
BenchmarkSwitcher.FromAssembly(typeof(AnalogLA.Benchmarks.BenchmarkConfig).Assembly).Run(args, new AnalogLA.Benchmarks.BenchmarkConfig());
