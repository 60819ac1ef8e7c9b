using Sure.Configuration;

namespace Sure.Experiments;

/// <summary>One training run of an experiment: its variant, seed, full configuration and folder (&lt;out&gt;/&lt;variant&gt;/seed-&lt;k&gt;).</summary>
public sealed record ExperimentRun(string Variant, int Seed, SureConfig Config, string RunDir);
