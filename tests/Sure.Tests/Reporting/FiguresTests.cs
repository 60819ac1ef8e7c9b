using Sure.Training;
using Sure.Synth;
using Sure.Reporting;

namespace Sure.Tests.Reporting;

public sealed class FiguresTests : IDisposable
{
    // Set SURE_TEST_FIGURES_DIR to keep the PNGs for a look.
    private readonly string _dir;
    private readonly bool _keep;

    public FiguresTests()
    {
        var keep = Environment.GetEnvironmentVariable("SURE_TEST_FIGURES_DIR");
        _keep = !string.IsNullOrEmpty(keep);
        _dir = _keep ? keep! : Path.Combine(Path.GetTempPath(), "sure-figures-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        if (!_keep) try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private void AssertPng(string returned, string expectedName)
    {
        Assert.Equal(Path.GetFullPath(Path.Combine(_dir, expectedName)), returned);
        var bytes = File.ReadAllBytes(returned);
        Assert.True(bytes.Length > 2000, $"{returned} is only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        // No temporary file left behind.
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(returned)!, "*.tmp"));
        // Decodes to an image of plausible size.
        using var bmp = SkiaSharp.SKBitmap.Decode(bytes);
        Assert.NotNull(bmp);
        Assert.True(bmp.Width >= 400 && bmp.Height >= 300);
    }

    [Fact]
    public void LearningCurvesWritesPng()
    {
        var history = Enumerable.Range(1, 12).Select(e => new EpochRecord { Epoch = e, TrainLoss = 2.0 / e, ValidNll = 1.5 / e + 0.02 * e, ValidWeightedF1 = 40 + 3 * e - 0.1 * e * e, ValidAccuracy = 42 + 2.5 * e, TestWeightedF1 = e % 2 == 0 ? 38 + 2.5 * e : null, Seconds = 3.2 }).ToArray();
        AssertPng(Figures.LearningCurves(history, Path.Combine(_dir, "learning.png"), "SynthERC seed 1"), "learning.png");
    }

    [Fact]
    public void ConfusionMatrixWritesPng()
    {
        string[] names = ["happy", "sad", "neutral", "angry", "excited", "frustrated"];
        var conf = new int[6][];
        for (int r = 0; r < 6; r++) { conf[r] = new int[6]; for (int c = 0; c < 6; c++) conf[r][c] = r == c ? 50 + 10 * r : (r + 2 * c) % 7; }
        conf[0][5] = 0; // an asymmetric cell to check orientation: gold happy, predicted frustrated
        conf[5][0] = 33;
        AssertPng(Figures.ConfusionMatrix(conf, names, Path.Combine(_dir, "sub", "confusion.png")), Path.Combine("sub", "confusion.png"));
    }

    [Fact]
    public void LongClassNamesStillRender()
    {
        var names = Enumerable.Range(0, 11).Select(i => $"emotion-class-{i}").ToArray();
        var conf = names.Select((_, r) => names.Select((_, c) => r == c ? 20 : (r * c) % 3).ToArray()).ToArray();
        AssertPng(Figures.ConfusionMatrix(conf, names, Path.Combine(_dir, "confusion-long.png")), "confusion-long.png");
        AssertPng(Figures.PerClassF1(names, names.Select((_, i) => 30.0 + 5 * i).ToArray(), Path.Combine(_dir, "f1-long.png")), "f1-long.png");
    }

    [Fact]
    public void ConfusionMatrixRejectsShapeMismatch()
    {
        Assert.Throws<ArgumentException>(() => Figures.ConfusionMatrix([[1, 2], [3, 4]], ["a", "b", "c"], Path.Combine(_dir, "bad.png")));
    }

    [Fact]
    public void PerClassF1WritesPng()
    {
        AssertPng(Figures.PerClassF1(["happy", "sad", "neutral", "angry"], [61.2, 70.05, 55.5, 66.0], Path.Combine(_dir, "f1.png"), 63.4), "f1.png");
    }

    [Fact]
    public void ReliabilityDiagramWritesPng()
    {
        var rng = new Random(3);
        var conf = Enumerable.Range(0, 400).Select(_ => 0.2 + 0.8 * rng.NextDouble()).ToArray();
        var correct = conf.Select(c => rng.NextDouble() < c * 0.9).ToArray();
        var bins = Calibration.Reliability(conf, correct, 10);
        AssertPng(Figures.ReliabilityDiagram(bins, Path.Combine(_dir, "reliability.png"), Calibration.ExpectedCalibrationError(conf, correct, 10)), "reliability.png");
    }

    [Fact]
    public void RoutingVsCorruptionWritesPng()
    {
        var rng = new Random(5);
        var records = new List<RoutingRecord>();
        foreach (var kind in Enum.GetValues<CorruptionKind>())
            for (int i = 0; i < 40; i++)
            {
                var w = Enumerable.Range(0, 4).Select(x => rng.NextDouble() + (x == (int)kind ? 1.5 : 0)).ToArray();
                var s = w.Sum();
                records.Add(new RoutingRecord(kind, w.Select(x => x / s).ToArray(),
                    Enumerable.Range(0, 4).Select(x => 0.2 + 0.3 * (int)kind + 0.1 * x + 0.05 * rng.NextDouble()).ToArray()));
            }
        AssertPng(Figures.RoutingVsCorruption(records, Path.Combine(_dir, "routing.png")), "routing.png");
    }

    [Fact]
    public void AccuracyVsCorruptionWritesPng()
    {
        var curves = new[]
        {
            CorruptionCurve.FromRuns("full", [(0.0, 70.0), (0.0, 71.0), (0.2, 66.0), (0.2, 67.5), (0.4, 60.0), (0.4, 62.0)]),
            CorruptionCurve.FromRuns("softmax", [(0.0, 69.0), (0.0, 70.0), (0.2, 63.0), (0.2, 64.5), (0.4, 54.0), (0.4, 57.0)]),
            CorruptionCurve.FromRuns("no-moe", [(0.0, 67.0), (0.2, 60.0), (0.4, 50.0)]),
        };
        AssertPng(Figures.AccuracyVsCorruption(curves, Path.Combine(_dir, "robustness.png")), "robustness.png");
    }

    [Fact]
    public void FontIsFoundWhenTheMachineHasOne()
    {
        Figures.PerClassF1(["a", "b"], [1, 2], Path.Combine(_dir, "font.png"));
        bool machineHasFont = FigureFonts.FontFolders().Any(d => Directory.EnumerateFiles(d, "*.ttf", SearchOption.AllDirectories).Any());
        if (machineHasFont) Assert.True(FigureFonts.TextAvailable, "a font is installed but figures found none: they would have no text");
    }
}
