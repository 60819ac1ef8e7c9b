using Sure.Bench;

return BenchProgram.Main(args);
