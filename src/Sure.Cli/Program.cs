using System.CommandLine;
using Sure.Cli;
using Sure.Configuration;

// Before anything loads libtorch: its OpenMP threads wait passively, so a run on a machine that other processes keep
// busy does not collapse (results unchanged; see OpenMpWaitPolicy).
OpenMpWaitPolicy.PreferPassive();
return SureCli.Run(args);
