using Sure.Configuration;
using Sure.Errors;
using Sure.Inference;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Loading;

namespace Sure.Runs;

/// <summary>
/// The labelled data a run folder's model is scored on (<c>sure eval</c>, <c>sure explain</c>): the run's own data
/// (config.json's, checked against what the run recorded) or other data, read as its files give it, with no front end
/// fitted: the model file's front ends make those vectors (<see cref="SurePredictor.Evaluate"/>).
/// </summary>
public static class RunData
{
    /// <summary>The run configuration (config.json) of the run folder of <paramref name="runOrCheckpoint"/> (a run folder, or a file in one).</summary>
    public static SureConfig ReadConfig(string runOrCheckpoint) => RunFolder.ReadConfig(RunDirOf(runOrCheckpoint));

    /// <summary>The run folder of <paramref name="runOrCheckpoint"/>: itself, or the folder of a file in one.</summary>
    public static string RunDirOf(string runOrCheckpoint) =>
        Directory.Exists(runOrCheckpoint) ? runOrCheckpoint : Path.GetDirectoryName(Path.GetFullPath(runOrCheckpoint))!;

    /// <summary>Reads the data to score <paramref name="predictor"/> (the run's model) on, and the run's configuration with
    /// <paramref name="dataOverride"/> and <paramref name="classes"/> applied. Other data's labels are matched to the model's
    /// classes by name (<see cref="InModelClasses"/>), so a dataset that lists the same classes in another order, or a
    /// corpus of a run across corpora read on its own, is scored right.</summary>
    /// <param name="dataOverride">other data (the same classes, and feature sizes for the modalities given as vectors); null for the run's.</param>
    /// <param name="classes">the data's class names, comma-separated, instead of the run's; null for the run's.</param>
    /// <param name="labelMap">other data's labels into the model's classes (a file of <c>from=to</c> lines, or the pairs inline); null: by name.</param>
    public static (SureConfig Config, LoadedData Data) Load(string runOrCheckpoint, SurePredictor predictor, string? dataOverride = null, string? classes = null, Action<string>? log = null, string? labelMap = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var runDir = RunDirOf(runOrCheckpoint);
        var config = RunFolder.ReadConfig(runDir);
        RunInputs.Check(runDir, config, data: dataOverride is null, glove: false); // the model file holds the word vectors it uses
        if (labelMap is not null && dataOverride is null)
            throw new SureUserException("--label-map maps the labels of other data (--data) into the model's classes; the run's own data needs none.");
        if (dataOverride is not null)
            // one dataset, read as its files give it: the run's corpora, label maps and class names were the training data's
            config = config with { Data = dataOverride, Corpora = null, Classes = config.Corpora is null ? config.Classes : null };
        if (classes is not null) config = config with { Classes = classes };
        var data = DataSource.LoadLabelled(config.Validate(), log);
        if (dataOverride is not null)
        {
            var (dataset, warnings) = InModelClasses(data.Dataset, predictor.ClassNames, labelMap is null ? null : LabelMap.FromSpec(labelMap));
            foreach (var w in warnings) log?.Invoke($"warning: {w}");
            data = new LoadedData { Dataset = dataset, Synth = data.Synth, TextEncoder = data.TextEncoder, FrontEnds = data.FrontEnds, FittedWith = data.FittedWith };
        }
        if (data.Dataset.ClassCount != predictor.ClassNames.Count)
            throw new SureUserException($"{config.Data ?? data.Dataset.Name}: {data.Dataset.ClassCount} classes, but the model was trained on {predictor.ClassNames.Count} ({string.Join(", ", predictor.ClassNames)}).");
        return (config, data);
    }

    /// <summary><paramref name="dataset"/> with its labels in <paramref name="modelClasses"/>: each of its classes goes to the
    /// model's class that <paramref name="map"/> names, else to the model's class of the same name (case ignored). A label
    /// that reaches no class leaves its utterance unlabelled (context, out of the metrics), counted in a warning. Data whose
    /// file does not name its classes (class0, class1, …) and has as many as the model keeps them in order, as the run's own
    /// data did. Data none of whose classes is the model's is a <see cref="SureUserException"/> asking for a label map.</summary>
    public static (ConversationDataset Dataset, IReadOnlyList<string> Warnings) InModelClasses(ConversationDataset dataset, IReadOnlyList<string> modelClasses, LabelMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(modelClasses);
        var file = dataset.Source ?? dataset.Name;
        if (map is null && (dataset.ClassNames.SequenceEqual(modelClasses, StringComparer.Ordinal)
            || (EmotionClasses.AreNumbered(dataset.ClassNames) && dataset.ClassCount == modelClasses.Count)))
            return (dataset, []);
        var (to, unknownTarget) = Corpora.MapClasses(dataset.ClassNames, modelClasses, map);
        for (int c = 0; c < dataset.ClassCount; c++)
            if (unknownTarget[c] is { } target)
                throw new SureUserException($"{file}: the label map sends '{dataset.ClassNames[c]}' to '{target}', which is not one of the model's classes ({string.Join(", ", modelClasses)}).");
        if (to.All(k => k < 0))
            throw new SureUserException($"{file}: none of its classes ({string.Join(", ", dataset.ClassNames)}) is one of the model's ({string.Join(", ", modelClasses)}); map them with --label-map (from=to pairs, a file or inline).");
        var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
        var dialogues = new List<Dialogue>(dataset.Dialogues.Count);
        foreach (var d in dataset.Dialogues)
        {
            var utterances = new List<Utterance>(d.Count);
            foreach (var u in d.Utterances)
            {
                var label = u.Label < 0 ? -1 : to[u.Label];
                if (u.Label >= 0 && label < 0) dropped[dataset.ClassNames[u.Label]] = dropped.GetValueOrDefault(dataset.ClassNames[u.Label]) + 1;
                utterances.Add(new Utterance { Speaker = u.Speaker, Label = label, Text = u.Text, Audio = u.Audio, Features = (float[]?[])u.Features.Clone() });
            }
            dialogues.Add(new Dialogue { Id = d.Id, Split = d.Split, Utterances = utterances });
        }
        var warnings = dropped.Count == 0 ? new List<string>() : [$"{file}: {dropped.Values.Sum()} utterances have a label that is none of the model's classes "
            + $"({string.Join(", ", dropped.Select(kv => $"'{kv.Key}' ×{kv.Value}"))}); they stay in their dialogues as context, out of the metrics (map them with --label-map)."];
        return (new ConversationDataset { Name = dataset.Name, Format = dataset.Format, Source = dataset.Source, Identity = dataset.Identity, ClassNames = [.. modelClasses], Dialogues = dialogues }, warnings);
    }
}
