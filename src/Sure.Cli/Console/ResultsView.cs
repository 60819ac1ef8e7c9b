using System.Globalization;
using Spectre.Console;
using Sure.Evaluation;
using Sure.Synth;

namespace Sure.Cli.Console;

/// <summary>The results table printed after a run: per class and overall, beside the ceilings when known.</summary>
public static class ResultsView
{
    /// <param name="split">the split <paramref name="test"/> was measured on ("test", "valid", "train" or "all"): the overall row's label.</param>
    /// <param name="console">where to write (the terminal by default).</param>
    /// <param name="causal">whether the model labels each turn from the turns so far: then its gap to the causal ceiling
    /// is shown too (a bidirectional model may pass that ceiling).</param>
    public static void Show(string title, EvaluationOutput test, EvaluationOutput? valid, SynthErcCeilings? ceiling, string split = "test", IAnsiConsole? console = null, SynthErcCeilings? validCeiling = null, bool causal = false)
    {
        console ??= AnsiConsole.Console;
        var r = test.Report;
        console.Write(ClassTable(title, r));
        var overall = OverallTable();
        if (valid is not null) overall.AddRow("valid", P(valid.Report.Accuracy), P(valid.Report.WeightedF1), P(valid.Report.MacroF1), P(valid.Report.Uar));
        overall.AddRow($"[bold]{Markup.Escape(split)}[/]", $"[bold]{P(r.Accuracy)}[/]", $"[bold]{P(r.WeightedF1)}[/]", P(r.MacroF1), P(r.Uar));
        if (ceiling is not null)
        {
            // the ceilings' accuracy column is the reported split's; the validation split's ceilings follow in brackets
            string C(Func<SynthErcCeilings, double> f) => validCeiling is null ? P(f(ceiling)) : $"{P(f(ceiling))} (valid {P(f(validCeiling))})";
            overall.AddRow("Bayes ceiling (exact)", C(c => c.BayesAccuracy), "", "", "");
            overall.AddRow("causal ceiling (exact)", C(c => c.CausalAccuracy), "", "", "");
            overall.AddRow("no-context ceiling (exact)", C(c => c.NoContextAccuracy), "", "", "");
            overall.AddRow("gap to Bayes", (100 * (ceiling.BayesAccuracy - r.Accuracy)).ToString("F2", CultureInfo.InvariantCulture), "", "", "");
            if (causal) overall.AddRow("gap to causal", (100 * (ceiling.CausalAccuracy - r.Accuracy)).ToString("F2", CultureInfo.InvariantCulture), "", "", "");
        }
        console.Write(overall);
    }

    /// <summary>The same tables for one report (say, of labelled input to <c>sure predict</c>) on <paramref name="console"/>.</summary>
    public static void Show(IAnsiConsole console, string title, ClassificationReport r)
    {
        console.Write(ClassTable(title, r));
        var overall = OverallTable();
        overall.AddRow("[bold]all[/]", $"[bold]{P(r.Accuracy)}[/]", $"[bold]{P(r.WeightedF1)}[/]", P(r.MacroF1), P(r.Uar));
        console.Write(overall);
    }

    private static Table ClassTable(string title, ClassificationReport r)
    {
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded);
        table.AddColumn("class");
        table.AddColumn(new TableColumn("precision").RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        table.AddColumn(new TableColumn("F1").RightAligned());
        table.AddColumn(new TableColumn("support").RightAligned());
        for (int c = 0; c < r.ClassNames.Length; c++)
        {
            var m = r.PerClass[c];
            table.AddRow(Markup.Escape(Named(r.ClassNames[c])), P(m.Precision), P(m.Recall), P(m.F1), m.Support.ToString(CultureInfo.InvariantCulture));
        }
        return table;
    }

    private static Table OverallTable()
    {
        var overall = new Table().Border(TableBorder.Rounded).Title("overall (%)");
        overall.AddColumn("");
        overall.AddColumn(new TableColumn("accuracy").RightAligned());
        overall.AddColumn(new TableColumn("weighted F1").RightAligned());
        overall.AddColumn(new TableColumn("macro F1").RightAligned());
        overall.AddColumn(new TableColumn("UAR").RightAligned());
        return overall;
    }

    /// <summary>Percent with 2 decimals; "–" for NaN (nothing labelled to measure).</summary>
    private static string P(double x) => double.IsFinite(x) ? Metrics.ToPercent(x).ToString("F2", CultureInfo.InvariantCulture) : "–";

    /// <summary>"fru (frustrated)" for a class id with a known readable name; a word as it is.</summary>
    private static string Named(string id) => Data.Formats.EmotionClasses.DisplayName(id) is var name && name != id ? $"{id} ({name})" : id;
}
