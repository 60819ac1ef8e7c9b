using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Sure.Data;
using Sure.Evaluation;
using Sure.Runs;
using Sure.Inference;
using Sure.Loading;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>sure explain</c>: why this emotion, and how sure? Per utterance of one dialogue: the prediction and its
/// probability, the MoE's routing weights and expert uncertainties per modality, and the context turns the
/// reasoning module attended to most at each step. As a table and as JSON.
/// </summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var cmd = new Command("explain", "Explain a trained model's predictions on one dialogue: probabilities, expert routing and uncertainty, attended context.");
        var ckpt = new Option<string>("--checkpoint") { Description = "Run folder (its model.sure is explained), or a file inside one.", Required = true };
        var dialogueOpt = new Option<string>("--dialogue") { Description = "Dialogue id (see 'sure data inspect'); default: the first test dialogue." };
        var dataOpt = new Option<string>("--data") { Description = "Take the dialogue from this dataset instead of the run's own." };
        var topOpt = new Option<int>("--top") { Description = "Context turns to list per reasoning step.", DefaultValueFactory = _ => 3 };
        var jsonOpt = new Option<string>("--json") { Description = "Also write the explanation as JSON to this file ('-' for standard output only, no table)." };
        cmd.Options.Add(ckpt);
        cmd.Options.Add(dialogueOpt);
        cmd.Options.Add(dataOpt);
        cmd.Options.Add(topOpt);
        cmd.Options.Add(jsonOpt);
        var labelMapOpt = new Option<string>("--label-map") { Description = DataLoadingOptions.OtherDataLabelMapHelp };
        cmd.Options.Add(labelMapOpt);
        var loading = new DataLoadingOptions(cache: false); // the model file makes the front ends' vectors: no feature cache
        loading.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            int top = parse.GetValue(topOpt);
            if (top < 1) throw new Errors.SureUserException("--top must be ≥ 1.");
            var target = parse.GetValue(ckpt)!;
            CliRuntime.UseThreadsOfRun(target);
            using var predictor = SurePredictor.OpenRun(target, new PredictorOptions(TorchSharp.torch.get_num_threads(), CliFrontEnds.Catalog));
            var (_, data) = RunData.Load(target, predictor, parse.GetValue(dataOpt), loading.ClassesOf(parse), TrainCommand.Say, parse.GetValue(labelMapOpt));
            var ds = data.Dataset;
            var classes = predictor.ClassNames.ToArray();
            var id = parse.GetValue(dialogueOpt);
            var dialogue = id is null
                ? ds.In(Split.Test).FirstOrDefault() ?? ds.Dialogues.FirstOrDefault()
                : ds.Dialogues.FirstOrDefault(d => d.Id == id);
            if (dialogue is null)
                throw new Errors.SureUserException(id is null ? $"{ds.Source ?? ds.Name}: no dialogues." :
                    $"{ds.Source ?? ds.Name}: no dialogue '{id}' (e.g. {string.Join(", ", ds.Dialogues.Take(3).Select(d => d.Id))}).");
            var predictions = predictor.Explain(dialogue, ds.Source);
            var json = Explanation(dialogue, predictions, classes, top, data);
            var jsonPath = parse.GetValue(jsonOpt);
            var text = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            if (jsonPath == "-")
            {
                System.Console.WriteLine(text);
                return 0;
            }
            Render(dialogue, predictions, classes, top);
            if (jsonPath is not null)
            {
                IO.AtomicFile.WriteAllText(jsonPath, text);
                TrainCommand.Say($"Wrote {jsonPath}.");
            }
            return 0;
        });
        return cmd;
    }

    public static JsonObject Explanation(Dialogue dialogue, IReadOnlyList<UtterancePrediction> preds, string[] classes, int top, LoadedData data)
    {
        var utterances = new JsonArray();
        foreach (var p in preds)
        {
            var u = dialogue.Utterances[p.Index];
            var probs = new JsonObject();
            for (int c = 0; c < classes.Length; c++) probs[classes[c]] = Math.Round(p.Probabilities[c], 4);
            var modalities = new JsonObject();
            foreach (var m in p.RoutingWeights.Keys.Union(p.ReasoningAttention.Keys).OrderBy(m => m))
            {
                var mo = new JsonObject();
                if (p.RoutingWeights.TryGetValue(m, out var w))
                {
                    mo["routing_weights"] = new JsonArray(w.Select(x => (JsonNode)Math.Round(x, 4)).ToArray());
                    mo["expert_uncertainty"] = new JsonArray(p.ExpertUncertainty[m].Select(x => (JsonNode)Math.Round(x, 4)).ToArray());
                }
                if (data.Synth is { } synth) mo["injected_corruption"] = synth.TruthOf(dialogue.Id, p.Index)[m].ToString().ToLowerInvariant();
                if (p.ReasoningAttention.TryGetValue(m, out var steps))
                    mo["attended_context"] = new JsonArray(steps.Select((a, t) => (JsonNode)new JsonObject
                    {
                        ["step"] = t + 1,
                        ["turns"] = new JsonArray(TopTurns(a, top).Select(x => (JsonNode)new JsonObject { ["utterance"] = x.Index, ["weight"] = Math.Round(x.Weight, 4) }).ToArray()),
                    }).ToArray());
                modalities[m.Name()] = mo;
            }
            utterances.Add(new JsonObject
            {
                ["index"] = p.Index,
                ["speaker"] = u.Speaker,
                ["text"] = u.Text,
                ["gold"] = p.Gold >= 0 ? classes[p.Gold] : null,
                ["predicted"] = classes[p.Predicted],
                ["probability"] = Math.Round(p.Confidence, 4),
                ["entropy"] = Math.Round(Reporting.UncertaintyScores.PredictiveEntropy(p.Probabilities.Select(x => (double)x).ToArray()), 4),
                ["moe_uncertainty"] = p.RoutingWeights.Count > 0 ? Math.Round(RunAnalysis.MoeUncertainty(p), 4) : null,
                ["probabilities"] = probs,
                ["modalities"] = modalities,
            });
        }
        return new JsonObject { ["dialogue"] = dialogue.Id, ["classes"] = new JsonArray(classes.Select(c => (JsonNode)c).ToArray()), ["utterances"] = utterances };
    }

    private static IEnumerable<(int Index, double Weight)> TopTurns(float[] attention, int top) =>
        attention.Select((w, j) => (j, (double)w)).OrderByDescending(x => x.Item2).ThenBy(x => x.j).Take(top);

    private static void Render(Dialogue dialogue, IReadOnlyList<UtterancePrediction> preds, string[] classes, int top)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"dialogue {dialogue.Id}"));
        table.AddColumn("#");
        table.AddColumn("speaker");
        table.AddColumn("text");
        table.AddColumn("gold");
        table.AddColumn("predicted (p)");
        table.AddColumn("routing weights / uncertainty per modality");
        table.AddColumn($"attended turns (top {top}, last step)");
        foreach (var p in preds)
        {
            var u = dialogue.Utterances[p.Index];
            var text = u.Text is null ? "" : (u.Text.Length > 40 ? u.Text[..39] + "…" : u.Text);
            var routing = string.Join("\n", p.RoutingWeights.Keys.OrderBy(m => m).Select(m =>
                $"{m.Letter()}: w[{string.Join(" ", p.RoutingWeights[m].Select(x => x.ToString("F2", inv)))}] u[{string.Join(" ", p.ExpertUncertainty[m].Select(x => x.ToString("F2", inv)))}]"));
            var attended = string.Join("\n", p.ReasoningAttention.Keys.OrderBy(m => m).Select(m =>
                $"{m.Letter()}: {string.Join(" ", TopTurns(p.ReasoningAttention[m][^1], top).Select(x => $"#{x.Index}({x.Weight.ToString("F2", inv)})"))}"));
            bool ok = p.Gold < 0 || p.Gold == p.Predicted;
            table.AddRow(
                p.Index.ToString(inv), Markup.Escape(u.Speaker), Markup.Escape(text), p.Gold >= 0 ? Markup.Escape(classes[p.Gold]) : "-",
                $"[{(ok ? "green" : "red")}]{Markup.Escape(classes[p.Predicted])}[/] ({p.Confidence.ToString("F2", inv)})",
                Markup.Escape(routing.Length == 0 ? "(MoE off)" : routing), Markup.Escape(attended.Length == 0 ? "(reasoning off)" : attended));
        }
        AnsiConsole.Write(table);
    }
}
