using System.CommandLine;
using Sure.Configuration;
using Sure.Experiments;
using Sure.Runs;

namespace Sure.Cli.Commands;

/// <summary>
/// <c>sure tune</c>: random search over a declared space, every trial a run of the experiment grid (resumable: rerun with
/// the same --out and finished trials are kept), the choice made on the validation split alone, then the chosen
/// configuration's test score reported once (from fresh seeds with --final-seeds).
/// </summary>
public static class TuneCommand
{
    public static Command Create()
    {
        var cmd = new Command("tune", "Hyper-parameter search on the validation split: random trials over a declared space, resumable; reports the chosen configuration, then its test score once.");
        var options = new ConfigOptions();
        options.AddTo(cmd);
        var spaceOpt = new Option<string>("--space") { Description = "Search space as JSON: {\"lr\": {\"log\": [1e-4, 2e-3]}, \"dropout\": [0.1, 0.3], …} (default: a space for --model)." };
        var trialsOpt = new Option<int>("--trials") { Description = "Budget: number of random trials.", DefaultValueFactory = _ => 12 };
        var seedsOpt = new Option<string>("--seeds") { Description = "Seeds per trial: N from --seed on, a list (1,7) or a range (1..2).", DefaultValueFactory = _ => "1" };
        var searchSeedOpt = new Option<int>("--search-seed") { Description = "Seed of the trials' random draws.", DefaultValueFactory = _ => 1 };
        var finalOpt = new Option<int>("--final-seeds") { Description = "After choosing, train the chosen configuration with this many fresh seeds and report their test score (0: report the chosen trial's own runs).", DefaultValueFactory = _ => 0 };
        var outOpt = new Option<string>("--out") { Description = "Search folder (default: runs/tune-<dataset>-<time>); rerun with the same --out to resume or add trials." };
        foreach (var o in new Option[] { spaceOpt, trialsOpt, seedsOpt, searchSeedOpt, finalOpt, outOpt }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var (baseConfig, data) = TrainCommand.Resolve(parse, options);
            int trials = parse.GetValue(trialsOpt), finalSeeds = parse.GetValue(finalOpt);
            if (trials < 1) throw new Errors.SureUserException("--trials must be ≥ 1.");
            if (finalSeeds < 0) throw new Errors.SureUserException("--final-seeds must be ≥ 0.");
            var space = parse.GetValue(spaceOpt) is { } file ? SearchSpace.Load(file) : SearchSpace.DefaultFor(baseConfig.Model);
            var outDir = Path.GetFullPath(parse.GetValue(outOpt) ?? Path.Combine("runs", $"tune-{RunFolder.Sanitize(data.Dataset.Name)}-{DateTime.Now:yyyyMMdd-HHmmss}"));
            int searchSeed = parse.GetValue(searchSeedOpt);
            var variants = Enumerable.Range(0, trials).Select(i => space.Trial(searchSeed, i)).ToList();
            var seeds = SeedList.Parse(parse.GetValue(seedsOpt)!, baseConfig.Seed);
            var grid = ExperimentGrid.Create(baseConfig, variants, seeds, Path.Combine(outDir, "search"));
            var command = CommandLine.Current();
            TrainCommand.Say($"Search: {trials} trials × {seeds.Count} seeds on {data.Dataset.Name} into {outDir}; space: {space}.");
            var summary = ExperimentCommand.RunGrid(grid, baseConfig, data, command, options.CacheDirOf(parse));
            foreach (var (run, message) in summary.Failures) System.Console.Error.WriteLine($"failed: {run.Variant} seed {run.Seed}: {message}");

            var result = SearchResult.From(grid, space);
            if (result.Chosen is null) throw new Errors.SureUserException($"{outDir}: no trial finished, nothing to choose.");
            var chosenVariant = variants.Single(v => v.Name == result.Chosen.Name);
            var chosenConfig = chosenVariant.Apply(baseConfig).Validate() with { Out = null };
            var configPath = Path.Combine(outDir, SearchResult.ChosenConfigFileName);
            IO.AtomicFile.WriteAllText(configPath, chosenConfig.ToJson());
            TrainCommand.Say($"Chosen on validation: {result.Chosen.Name} ({result.Chosen.Overrides}), valid weighted F1 {result.Chosen.ValidWeightedF1.Format()}.");
            if (finalSeeds > 0)
            {
                // Fresh seeds: after the largest seed any trial used, so no final run repeats a search run's draws.
                var fresh = Enumerable.Range(seeds.Max() + 1, finalSeeds).ToList();
                var final = ExperimentGrid.Create(chosenConfig, [new Variant("chosen", result.Chosen.Overrides, c => c)], fresh, Path.Combine(outDir, "final"));
                var finalSummary = ExperimentCommand.RunGrid(final, chosenConfig, data, command, options.CacheDirOf(parse));
                foreach (var (run, message) in finalSummary.Failures) System.Console.Error.WriteLine($"failed: final seed {run.Seed}: {message}");
                result = SearchResult.From(grid, space, final.Runs);
            }
            var md = result.Write(outDir, configPath, finalSeeds, file => $"sure train --config {file}");
            System.Console.WriteLine(File.ReadAllText(md));
            TrainCommand.Say($"Wrote {md}, {Path.Combine(outDir, SearchResult.JsonFileName)} and {configPath}.");
            return summary.Failures.Count == 0 ? 0 : 1;
        });
        return cmd;
    }
}
