using System.CommandLine;
using Sure.Inference;
using Sure.Runs;

namespace Sure.Cli.Commands;

/// <summary><c>sure export</c>: write the self-contained model file (model.sure) of an existing run.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var cmd = new Command("export", $"Write the self-contained model file ({ModelFile.FileName}) of a trained run, for 'sure predict' and SurePredictor (runs made by this build write it themselves).");
        var ckpt = new Option<string>("--checkpoint") { Description = "Run folder, or its best.pt.", Required = true };
        var outOpt = new Option<string>("--out") { Description = $"Where to write the model file (default: <run>/{ModelFile.FileName})." };
        cmd.Options.Add(ckpt);
        cmd.Options.Add(outOpt);
        var loading = new DataLoadingOptions();
        loading.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            CliRuntime.UseThreadsOfRun(parse.GetValue(ckpt)!);
            var outPath = RunExport.Write(parse.GetValue(ckpt)!, parse.GetValue(outOpt), loading.CacheDirOf(parse), loading.ClassesOf(parse), CliFrontEnds.Catalog);
            TrainCommand.Say($"Wrote {outPath} ({new FileInfo(outPath).Length / 1024.0 / 1024.0:F1} MB).");
            return 0;
        });
        return cmd;
    }
}
