using Sure.Bench;
using Sure.Configuration;

OpenMpWaitPolicy.PreferPassive(); // as the `sure` command does: measure what users run
return BenchProgram.Run(args);
