using Sure.Training;
using ScottPlot;

namespace Sure.Reporting;

public static partial class Figures
{
    /// <summary>
    /// Learning curves from history.json: top panel the training objective, the training NLL (when recorded) and the
    /// validation NLL per epoch; bottom panel validation weighted
    /// F1 and accuracy (and test weighted F1 when recorded), with the epoch of the best validation weighted F1 marked.
    /// </summary>
    public static string LearningCurves(IReadOnlyList<EpochRecord> history, string path, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        Require(history.Count > 0, "learning curves need at least one epoch.");
        var epochs = history.Select(h => (double)h.Epoch).ToArray();

        var loss = new Plot();
        var tr = loss.Add.Scatter(epochs, history.Select(h => h.TrainLoss).ToArray(), ColorOf(0));
        tr.LegendText = "train loss (NLL + MoE losses)";
        var withNll = history.Where(h => h.TrainNll is not null).ToArray();
        if (withNll.Length > 0)
        {
            var tn = loss.Add.Scatter(withNll.Select(h => (double)h.Epoch).ToArray(), withNll.Select(h => h.TrainNll!.Value).ToArray(), ColorOf(5));
            tn.LegendText = "train NLL";
            tn.LinePattern = LinePattern.Dashed;
        }
        var va = loss.Add.Scatter(epochs, history.Select(h => h.ValidNll).ToArray(), ColorOf(1));
        va.LegendText = "validation NLL";
        loss.Title(title ?? "Learning curves");
        IntegerTicks(loss);
        loss.XLabel("epoch");
        loss.YLabel("loss");
        loss.ShowLegend(Alignment.UpperRight);

        var f1 = new Plot();
        var vf = f1.Add.Scatter(epochs, history.Select(h => h.ValidWeightedF1).ToArray(), ColorOf(2));
        vf.LegendText = "validation weighted F1";
        var vacc = f1.Add.Scatter(epochs, history.Select(h => h.ValidAccuracy).ToArray(), ColorOf(3));
        vacc.LegendText = "validation accuracy";
        var withTest = history.Where(h => h.TestWeightedF1 is not null).ToArray();
        if (withTest.Length > 0)
        {
            var tf = f1.Add.Scatter(withTest.Select(h => (double)h.Epoch).ToArray(), withTest.Select(h => h.TestWeightedF1!.Value).ToArray(), ColorOf(4));
            tf.LegendText = "test weighted F1";
            tf.LinePattern = LinePattern.Dashed;
        }
        var best = history.MaxBy(h => h.ValidWeightedF1)!;
        var line = f1.Add.VerticalLine(best.Epoch, 1, Colors.Gray, LinePattern.Dotted);
        line.LegendText = $"best validation epoch ({best.Epoch})";
        IntegerTicks(f1);
        f1.XLabel("epoch");
        f1.YLabel("%");
        f1.ShowLegend(Alignment.LowerRight);

        return SavePanels([loss, f1], path, DefaultWidth, 420, stacked: true);
    }
}
