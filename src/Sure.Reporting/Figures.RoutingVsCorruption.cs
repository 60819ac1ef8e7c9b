using Sure.Synth;
using ScottPlot;

namespace Sure.Reporting;

public static partial class Figures
{
    /// <summary>
    /// What the experts do when inputs are corrupted. Left: mean uncertainty of each expert per corruption kind (grouped
    /// bars, ± standard error). Right: mean routing weight of each expert per kind, plus the mean of the largest routing
    /// weight (dark bar: how concentrated routing is). Only corruption kinds present in the records are shown.
    /// </summary>
    public static string RoutingVsCorruption(IReadOnlyList<RoutingRecord> records, string path, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        Require(records.Count > 0, "routing figure needs at least one record.");
        int e = records[0].RoutingWeights.Length;
        Require(e > 0 && records.All(r => r.RoutingWeights.Length == e && r.Uncertainties.Length == e),
            "every record must have the same number of experts in RoutingWeights and Uncertainties.");
        var kinds = Enum.GetValues<CorruptionKind>().Where(k => records.Any(r => r.Corruption == k)).ToArray();
        var kindLabels = kinds.Select(k => $"{k.ToString().ToLowerInvariant()} (n={records.Count(r => r.Corruption == k)})").ToArray();

        // Group g occupies positions g·(E+2) .. g·(E+2)+E (the +2 leaves room for the max bar and a gap).
        double Pos(int g, int i) => g * (e + 2) + i;

        var unc = new Plot();
        for (int x = 0; x < e; x++)
        {
            var bars = new List<Bar>();
            for (int g = 0; g < kinds.Length; g++)
            {
                var v = records.Where(r => r.Corruption == kinds[g]).Select(r => r.Uncertainties[x]).ToArray();
                var sd = Statistics.SampleStd(v);
                bars.Add(new Bar { Position = Pos(g, x), Value = v.Average(), Error = double.IsNaN(sd) ? 0 : sd / Math.Sqrt(v.Length), FillColor = ColorOf(x) });
            }
            unc.Add.Bars(bars).LegendText = $"expert {x + 1}";
        }
        CategoryTicks(unc.Axes.Bottom, kindLabels, kinds.Select((_, g) => Pos(g, 0) + (e - 1) / 2.0).ToArray());
        unc.YLabel("mean expert uncertainty");
        unc.Title(title is null ? "Expert uncertainty by corruption" : $"{title}: uncertainty");
        unc.ShowLegend(Alignment.UpperLeft);
        unc.Axes.Margins(bottom: 0);

        var route = new Plot();
        for (int x = 0; x < e; x++)
        {
            var bars = new List<Bar>();
            for (int g = 0; g < kinds.Length; g++)
                bars.Add(new Bar { Position = Pos(g, x), Value = records.Where(r => r.Corruption == kinds[g]).Average(r => r.RoutingWeights[x]), FillColor = ColorOf(x) });
            route.Add.Bars(bars).LegendText = $"expert {x + 1}";
        }
        var maxBars = new List<Bar>();
        for (int g = 0; g < kinds.Length; g++)
            maxBars.Add(new Bar { Position = Pos(g, e), Value = records.Where(r => r.Corruption == kinds[g]).Average(r => r.RoutingWeights.Max()), FillColor = Colors.DarkSlateGray });
        route.Add.Bars(maxBars).LegendText = "max weight";
        CategoryTicks(route.Axes.Bottom, kindLabels, kinds.Select((_, g) => Pos(g, 0) + e / 2.0).ToArray());
        route.YLabel("mean routing weight");
        route.Title(title is null ? "Routing by corruption" : $"{title}: routing");
        route.ShowLegend(Alignment.UpperLeft);
        route.Axes.SetLimitsY(0, 1.15);
        return SavePanels([unc, route], path, 720, 520, stacked: false);
    }
}
