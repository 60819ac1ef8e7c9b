using System.CommandLine;
using Sure.Cli;

return SureCli.Run(args);
