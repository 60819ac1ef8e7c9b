using System.Globalization;
using Sure.Configuration;

namespace Sure.Experiments;

/// <summary>One training run of an experiment: its variant, seed, full configuration and folder
/// (&lt;out&gt;/&lt;variant&gt;/seed-&lt;k&gt;, and /fold-&lt;i&gt; under cross-validation, where <see cref="Fold"/> is the
/// 1-based fold; null without --cv).</summary>
public sealed record ExperimentRun(string Variant, int Seed, SureConfig Config, string RunDir, int? Fold = null)
{
    /// <summary>"full seed 3", or "full seed 3 fold 2" under cross-validation: how progress lines name the run.</summary>
    public string Label => Fold is int f
        ? $"{Variant} seed {Seed.ToString(CultureInfo.InvariantCulture)} fold {f.ToString(CultureInfo.InvariantCulture)}"
        : $"{Variant} seed {Seed.ToString(CultureInfo.InvariantCulture)}";
}
