using Sure.Bench;

return BenchProgram.Run(args);
