using Sure.Configuration;
using Sure.Errors;
using Sure.Reporting;

namespace Sure.Experiments;

/// <summary>
/// Variants × seeds (× folds under cross-validation): every run of an experiment, in order (variant-major, then seed,
/// then fold). A run's configuration is the variant applied to the base configuration, with Seed set to the run's seed
/// and Out to its folder <c>&lt;out&gt;/&lt;variant&gt;/seed-&lt;k&gt;</c> (<c>…/seed-&lt;k&gt;/fold-&lt;i&gt;</c> with
/// Cv and CvFold set under cross-validation). The seed changes the model's initialisation and data order (and, under
/// cross-validation, which groups validate); the SynthERC data seed (Synth.Seed) stays that of the base configuration,
/// so all runs see the same data.
/// </summary>
public sealed record ExperimentGrid(SureConfig BaseConfig, IReadOnlyList<Variant> Variants, IReadOnlyList<int> Seeds, string OutDir, IReadOnlyList<ExperimentRun> Runs)
{
    /// <summary>The cross-validation grouping (<c>--cv</c>), or null when the runs use the data's own splits.</summary>
    public CvGrouping? Cv { get; init; }
    /// <summary>Folds per (variant, seed) under cross-validation; 0 without.</summary>
    public int Folds { get; init; }

    /// <summary>From the command-line forms: variants "full,no-moe,..." and seeds "5" / "1,2,3" / "1..5" (see <see cref="SeedList"/>).</summary>
    public static ExperimentGrid Create(SureConfig baseConfig, string variants, string seeds, string outDir)
    {
        ArgumentNullException.ThrowIfNull(baseConfig);
        return Create(baseConfig, VariantParser.Parse(variants), SeedList.Parse(seeds, baseConfig.Seed), outDir);
    }

    /// <summary>N seeds starting at the base configuration's seed.</summary>
    public static ExperimentGrid Create(SureConfig baseConfig, string variants, int seedCount, string outDir)
    {
        ArgumentNullException.ThrowIfNull(baseConfig);
        return Create(baseConfig, VariantParser.Parse(variants), SeedList.Count(baseConfig.Seed, seedCount), outDir);
    }

    /// <summary>Builds and validates every run's configuration (a bad override fails here, before any training). With
    /// <paramref name="cv"/>, every (variant, seed) has <paramref name="folds"/> runs, one per fold (see <see cref="CvPlan"/>).</summary>
    public static ExperimentGrid Create(SureConfig baseConfig, IReadOnlyList<Variant> variants, IReadOnlyList<int> seeds, string outDir,
        CvGrouping? cv = null, int folds = 0)
    {
        ArgumentNullException.ThrowIfNull(baseConfig);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(seeds);
        if (string.IsNullOrWhiteSpace(outDir)) throw new SureUserException("The experiment needs an output folder (--out).");
        if (variants.Count == 0) throw new SureUserException("The experiment has no variant.");
        if (seeds.Count == 0) throw new SureUserException("The experiment has no seed.");
        if (variants.Select(v => v.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != variants.Count)
            throw new SureUserException("Variant names must be distinct.");
        if (seeds.Distinct().Count() != seeds.Count) throw new SureUserException("Seeds must be distinct.");
        if (cv is not null && folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        if (cv is null && folds != 0) throw new ArgumentException("Folds without a cross-validation grouping.", nameof(folds));
        var root = Path.GetFullPath(outDir);
        var runs = new List<ExperimentRun>();
        foreach (var v in variants)
        {
            VariantParser.CheckName(v.Name);
            SureConfig changed;
            try
            {
                changed = v.Apply(baseConfig).Validate();
            }
            catch (SureUserException e)
            {
                throw new SureUserException($"Variant '{v.Name}' ({v.Description}): {e.Message}");
            }
            foreach (var seed in seeds)
            {
                if (cv is null)
                {
                    var dir = RunDir(root, v.Name, seed);
                    runs.Add(new ExperimentRun(v.Name, seed, changed with { Seed = seed, Out = dir }, dir));
                    continue;
                }
                for (int fold = 1; fold <= folds; fold++)
                {
                    var dir = RunDir(root, v.Name, seed, fold);
                    runs.Add(new ExperimentRun(v.Name, seed, (changed with { Seed = seed, Out = dir, Cv = cv.ToString(), CvFold = fold }).Validate(), dir, fold));
                }
            }
        }
        return new ExperimentGrid(baseConfig, variants, seeds, root, runs) { Cv = cv, Folds = cv is null ? 0 : folds };
    }

    /// <summary>&lt;out&gt;/&lt;variant&gt;/seed-&lt;k&gt;.</summary>
    public static string RunDir(string outDir, string variant, int seed) =>
        Path.Combine(outDir, variant, $"seed-{seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>&lt;out&gt;/&lt;variant&gt;/seed-&lt;k&gt;/fold-&lt;i&gt;: one fold of a cross-validated run (1-based).</summary>
    public static string RunDir(string outDir, string variant, int seed, int fold) =>
        Path.Combine(RunDir(outDir, variant, seed), $"fold-{fold.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
