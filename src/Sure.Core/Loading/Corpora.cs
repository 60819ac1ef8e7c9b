using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;

namespace Sure.Loading;

/// <summary>
/// Several corpora as one dataset (<see cref="SureConfig.Corpora"/>): each is loaded in its own format, its labels are
/// mapped into the run's classes (<see cref="SureConfig.Classes"/>) by its label map, its dialogue ids and speakers are
/// prefixed with its name ("meld/train/0", "meld/S3"), and it keeps its own splits (or only its training or test part,
/// <see cref="CorpusSpec.Use"/>). A label that maps to none of the classes leaves its utterance unlabelled: it stays in
/// its dialogue as context, out of the loss and the metrics, and is counted in a warning.
/// </summary>
public static class Corpora
{
    /// <summary>What <see cref="Combine"/> made: the dataset and its warnings (unlabelled utterances, counted per corpus and label).</summary>
    public sealed record Result(ConversationDataset Dataset, IReadOnlyList<string> Warnings, IReadOnlyList<string> Summary);

    /// <summary>Loads every corpus of <paramref name="config"/> and combines them (<see cref="Combine"/>).</summary>
    /// <param name="log">one-line messages: each corpus's summary and the loaders' and the mapping's warnings ("warning: …").</param>
    public static ConversationDataset Load(SureConfig config, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var corpora = config.Corpora ?? throw new ArgumentException("the configuration lists no corpora", nameof(config));
        CorpusSpec.Validate(corpora);
        var loaded = new List<(CorpusSpec, ConversationDataset)>();
        foreach (var spec in corpora)
        {
            if (!File.Exists(spec.Data) && !Directory.Exists(spec.Data))
                throw new SureUserException($"{spec.Data}: no such file or folder (corpus '{spec.EffectiveName}').");
            var options = new DatasetLoadOptions { AllowMissingModality = config.AllowMissingModality, ClassNames = EmotionClasses.Parse(spec.Classes), Columns = spec.Columns };
            var ds = DatasetLoader.Load(spec.Data, options, out var report);
            foreach (var w in report.Warnings.Take(3)) log?.Invoke($"warning: {spec.EffectiveName}: {w}");
            if (report.Warnings.Count > 3) log?.Invoke($"warning: {spec.EffectiveName}: … and {report.Warnings.Count - 3} more warnings like these ('sure data inspect {spec.Data}' lists them).");
            loaded.Add((spec, ds));
        }
        var result = Combine(loaded, TargetClasses(config.Classes, loaded), config.AllowMissingModality);
        foreach (var line in result.Summary) log?.Invoke(line);
        foreach (var w in result.Warnings) log?.Invoke($"warning: {w}");
        return result.Dataset;
    }

    /// <summary>The run's classes: <paramref name="classes"/> (<c>--classes</c>); without them, the corpora's own class names
    /// when they all agree and no corpus has a label map; otherwise an error asking for them.</summary>
    public static string[] TargetClasses(string? classes, IReadOnlyList<(CorpusSpec Spec, ConversationDataset Data)> corpora)
    {
        ArgumentNullException.ThrowIfNull(corpora);
        if (EmotionClasses.Parse(classes) is { } given) return given;
        var first = corpora[0].Data.ClassNames;
        if (corpora.All(c => c.Spec.LabelMap is null && c.Data.ClassNames.SequenceEqual(first, StringComparer.Ordinal))) return first;
        throw new SureUserException($"training across corpora with different labels needs the classes they map into: "
            + $"{Setting.Name("classes")} (e.g. neutral,joy,surprise,anger,sadness,disgust,fear), with a {Setting.Name("labelMap")} per corpus for its other labels.");
    }

    /// <summary>Where each of <paramref name="classes"/> goes among <paramref name="target"/>: the class that
    /// <paramref name="map"/> names for it, else the class of the same name (case ignored), else −1 (unlabelled). A map
    /// into a name that is not among <paramref name="target"/> gives −1 and that name in <c>UnknownTarget</c>, for the
    /// caller's error.</summary>
    public static (int[] Mapped, string?[] UnknownTarget) MapClasses(IReadOnlyList<string> classes, IReadOnlyList<string> target, LabelMap? map)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(target);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int k = 0; k < target.Count; k++) index.TryAdd(target[k], k);
        var mapped = new int[classes.Count];
        var unknownTarget = new string?[classes.Count];
        for (int c = 0; c < classes.Count; c++)
        {
            var to = map?.Map(classes[c]);
            if (to is null) mapped[c] = index.TryGetValue(classes[c], out var same) ? same : -1;
            else if (index.TryGetValue(to, out var k)) mapped[c] = k;
            else { mapped[c] = -1; unknownTarget[c] = to; }
        }
        return (mapped, unknownTarget);
    }

    /// <summary>Combines loaded corpora into one dataset over <paramref name="classes"/>; see the class summary. A label that
    /// a corpus's map sends to a name outside <paramref name="classes"/> is a <see cref="SureDataException"/> naming the
    /// corpus's file, the dialogue and the utterance.</summary>
    public static Result Combine(IReadOnlyList<(CorpusSpec Spec, ConversationDataset Data)> corpora, IReadOnlyList<string> classes, bool allowMissingModality = false)
    {
        ArgumentNullException.ThrowIfNull(corpora);
        ArgumentNullException.ThrowIfNull(classes);
        CorpusSpec.Validate([.. corpora.Select(c => c.Spec)]);
        var target = classes.ToArray();
        var dialogues = new List<Dialogue>();
        var warnings = new List<string>();
        var summary = new List<string>();
        foreach (var (spec, ds) in corpora)
        {
            var name = spec.EffectiveName;
            var file = ds.Source ?? spec.Data;
            // each of the corpus's classes → a class of the run, or -1; an unknown target is an error at its first utterance
            var (mapped, unknownTarget) = MapClasses(ds.ClassNames, target, spec.LabelMap is null ? null : LabelMap.FromSpec(spec.LabelMap));
            var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
            var kept = ds.Dialogues.Where(d => spec.Use switch { "train" => d.Split != Split.Test, "test" => d.Split == Split.Test, _ => true }).ToList();
            if (kept.Count == 0)
                throw new SureDataException(spec.Use == "test" ? "the corpus has no test dialogues to test on (use \"all\" or give it a test split)"
                    : "the corpus has no training dialogues", file);
            foreach (var d in kept)
            {
                var utterances = new List<Utterance>(d.Count);
                for (int i = 0; i < d.Count; i++)
                {
                    var u = d.Utterances[i];
                    int label = -1;
                    if (u.Label >= 0)
                    {
                        if (unknownTarget[u.Label] is { } to)
                            throw new SureDataException($"the label '{ds.ClassNames[u.Label]}' of corpus '{name}' maps to '{to}', which is not one of the classes ({string.Join(", ", target)})", file, d.Id, i);
                        label = mapped[u.Label];
                        if (label < 0) dropped[ds.ClassNames[u.Label]] = dropped.GetValueOrDefault(ds.ClassNames[u.Label]) + 1;
                    }
                    utterances.Add(new Utterance { Speaker = $"{name}/{u.Speaker}", Label = label, Text = u.Text, Audio = u.Audio, Features = (float[]?[])u.Features.Clone() });
                }
                dialogues.Add(new Dialogue { Id = $"{name}/{d.Id}", Split = d.Split, Utterances = utterances });
            }
            if (dropped.Count > 0)
                warnings.Add($"corpus '{name}': {dropped.Values.Sum()} utterances have a label that maps to none of the classes "
                    + $"({string.Join(", ", dropped.Select(kv => $"'{kv.Key}' ×{kv.Value}"))}); they stay in their dialogues as context, out of the loss and the metrics "
                    + $"(map them with {Setting.Name("labelMap")}).");
            var mapping = string.Join(", ", Enumerable.Range(0, ds.ClassCount).Select(c => $"{ds.ClassNames[c]}→{(mapped[c] < 0 ? "(none)" : target[mapped[c]])}"));
            summary.Add($"corpus '{name}' ({ds.Name}, {spec.Use}): {kept.Count} dialogues (train {kept.Count(d => d.Split == Split.Train)}, valid {kept.Count(d => d.Split == Split.Valid)}, "
                + $"test {kept.Count(d => d.Split == Split.Test)}), {kept.Sum(d => d.Count)} utterances; labels {mapping}.");
        }
        var combined = new ConversationDataset
        {
            Name = string.Join("+", corpora.Select(c => c.Spec.EffectiveName)), Format = "corpora", ClassNames = target, Dialogues = dialogues,
        };
        var report = new DatasetValidationReport();
        DatasetValidator.Validate(combined, new DatasetLoadOptions { AllowMissingModality = allowMissingModality }, report);
        warnings.AddRange(report.Warnings);
        return new Result(combined, warnings, summary);
    }
}
