namespace Sure.Tests.Packaging;

/// <summary>
/// The console app <see cref="PackageConsumerTests"/> builds outside the repository against the packed Sure.Core: its
/// Program.cs (written as is into the app made by <c>dotnet new console</c>) and the lines it must print. It does real
/// work with libtorch loaded: trains SURE on a tiny SynthERC benchmark for one epoch (run folder and figures included),
/// opens the trained model and labels one test conversation. Its one argument is a folder for the run.
/// </summary>
internal static class ConsumerApp
{
    public const string Program = """
        using Sure.Configuration;
        using Sure.Data;
        using Sure.Inference;
        using Sure.Runs;

        var runDir = Path.Combine(args[0], "run");
        var config = new SureConfig
        {
            Hidden = 16, Heads = 2, Experts = 3, TopK = 2, Epochs = 1, BatchSize = 4, Lr = 3e-3, Dropout = 0.1, Seed = 7, Threads = 1,
            Synth = new SynthErcOptions { TrainDialogues = 12, ValidDialogues = 4, TestDialogues = 4, MinLength = 4, MaxLength = 10, TextDim = 8, AudioDim = 6, VisualDim = 5 },
        }.Validate();
        var outcome = TrainingRun.Execute(config, DataSource.Load(config), runDir);
        Console.WriteLine($"trained: {outcome.Result.EpochsRun} epoch, {outcome.Result.Parameters} parameters, test accuracy {outcome.Result.Test.Report.Accuracy:F3}");

        using var model = TrainedModel.Open(runDir, dataOverride: null);
        var dialogue = model.Data.Dataset.Dialogues.First(d => d.Split == Split.Test);
        var labels = model.Predict(dialogue).Select(u => model.Info.ClassNames[u.Predicted]);
        Console.WriteLine($"predicted: {dialogue.Id}: {string.Join(' ', labels)}");
        """;

    /// <summary>Patterns (multiline) the app's output must match.</summary>
    public static readonly string[] ExpectedOutput =
    [
        @"^trained: 1 epoch, [1-9][0-9]* parameters, test accuracy [01]\.[0-9]{3}\r?$",
        @"^predicted: test_\d+: (happy|sad|neutral|angry|excited|frustrated)( (happy|sad|neutral|angry|excited|frustrated))*\r?$",
    ];

    /// <summary>Files the app's run must have written (a figure proves ScottPlot's native SkiaSharp loaded too).</summary>
    public static readonly string[] ExpectedFiles = ["run/result.json", "run/report.md", "run/best.pt", "run/figures/confusion.png"];
}
