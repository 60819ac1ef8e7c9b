using System.CommandLine;
using Spectre.Console;
using Sure.Cli.Commands;
using Sure.Data.Formats;

namespace Sure.Tests.Data;

public class DataCommandTests
{
    [SharedDataFact]
    public void Convert_then_inspect_via_the_command()
    {
        using var tmp = new TempDir();
        var root = new RootCommand { DataCommand.Create() };
        var outPath = tmp.File("m.jsonl");
        var rc = root.Parse(["data", "convert", SharedData.PathOf("fixtures/sdt_iemocap_py2.pkl"), "--out", outPath, "--feature-store"]).Invoke();
        Assert.Equal(0, rc);
        Assert.True(File.Exists(tmp.File("m.safetensors")));
        Assert.Equal(0, root.Parse(["data", "inspect", outPath]).Invoke());
    }

    [SharedDataFact]
    public void Summary_renders_splits_classes_and_dims()
    {
        var ds = DatasetLoader.Load(SharedData.PathOf("fixtures/mmgcn_iemocap_py2.pkl"));
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        DataCommand.Render(DatasetSummary.Create(ds), console);
        var text = writer.ToString();
        Assert.Contains("mmgcn-iemocap-pkl", text);
        Assert.Contains("1582", text);
        Assert.Contains("fru", text);
    }
}
