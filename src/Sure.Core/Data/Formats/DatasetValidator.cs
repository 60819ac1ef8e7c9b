using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Checks a loaded dataset and throws <see cref="SureDataException"/> (naming file, dialogue, utterance) on the first
/// problem: no classes or dialogues, duplicate dialogue ids, empty dialogues, missing speakers, labels out of range,
/// inconsistent feature dims per modality, NaN/Inf features, and dialogues lacking a modality the dataset has
/// (allowed with <see cref="DatasetLoadOptions.AllowMissingModality"/>: the modality is then null for the whole
/// dialogue and reported). Split-list problems are checked where the lists are read (<see cref="SplitAssignment"/>).
/// </summary>
public static class DatasetValidator
{
    public static void Validate(ConversationDataset dataset, DatasetLoadOptions options, DatasetValidationReport report)
    {
        var file = dataset.Source ?? dataset.Name;
        if (dataset.ClassNames.Length == 0) throw new SureDataException("the dataset defines no classes", file);
        if (dataset.ClassNames.Distinct(StringComparer.Ordinal).Count() != dataset.ClassNames.Length)
            throw new SureDataException("a class name is listed twice", file);
        if (dataset.Dialogues.Count == 0) throw new SureDataException("the dataset holds no dialogues", file);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var dims = new int?[Modalities.Count];
        var firstAt = new string?[Modalities.Count];
        foreach (var d in dataset.Dialogues)
        {
            if (string.IsNullOrEmpty(d.Id)) throw new SureDataException("a dialogue has an empty id", file);
            if (!ids.Add(d.Id)) throw new SureDataException("two dialogues have this id", file, d.Id);
            if (d.Count == 0) throw new SureDataException("the dialogue has no utterances", file, d.Id);
            for (var i = 0; i < d.Count; i++)
            {
                var u = d.Utterances[i];
                if (string.IsNullOrWhiteSpace(u.Speaker)) throw new SureDataException("the utterance has no speaker", file, d.Id, i);
                if (u.Label < -1 || u.Label >= dataset.ClassCount)
                    throw new SureDataException($"label {u.Label} is out of range (0..{dataset.ClassCount - 1} for {string.Join(", ", dataset.ClassNames)})", file, d.Id, i);
                foreach (var m in Modalities.All)
                {
                    if (u[m] is not { } f) continue;
                    if (f.Length == 0) throw new SureDataException($"the {m.Name()} feature vector is empty", file, d.Id, i);
                    var k = (int)m;
                    if (dims[k] is null)
                    {
                        dims[k] = f.Length;
                        firstAt[k] = $"dialogue {d.Id}, utterance {i}";
                    }
                    else if (dims[k] != f.Length)
                        throw new SureDataException($"the {m.Name()} feature has {f.Length} dims, but {firstAt[k]} has {dims[k]}", file, d.Id, i);
                    for (var j = 0; j < f.Length; j++)
                        if (!float.IsFinite(f[j]))
                            throw new SureDataException($"the {m.Name()} feature holds {(float.IsNaN(f[j]) ? "NaN" : "an infinity")} at dim {j}", file, d.Id, i);
                }
            }
        }
        foreach (var m in Modalities.All)
        {
            if (dims[(int)m] is null) continue;
            foreach (var d in dataset.Dialogues)
            {
                var missing = d.Utterances.FindIndex(u => u[m] is null);
                if (missing < 0) continue;
                if (!options.AllowMissingModality)
                    throw new SureDataException($"the {m.Name()} features are missing (other dialogues have them; " +
                                                "use AllowMissingModality / --allow-missing-modality to keep such dialogues)", file, d.Id, missing);
                foreach (var u in d.Utterances) u[m] = null;
                report.Warn($"{file}: dialogue {d.Id}: no {m.Name()} features (kept without that modality)");
            }
        }
        if (!dataset.In(Split.Train).Any()) report.Warn($"{file}: the train split is empty");
    }
}
