using Sure.Errors;

namespace Sure.Data.Formats;

/// <summary>
/// Checks a loaded dataset and throws <see cref="SureDataException"/> (naming file, dialogue, utterance) on the first
/// problem: no classes or dialogues, duplicate dialogue ids, empty dialogues, missing speakers, labels out of range,
/// inconsistent feature dims per modality, NaN/Inf features, and dialogues lacking a modality the dataset has
/// (allowed with <see cref="DatasetLoadOptions.AllowMissingModality"/>: the modality is then null for the whole
/// dialogue and reported; for audio, a recording in <see cref="Utterance.Audio"/> counts as present). Split-list problems are checked where the lists are read (<see cref="SplitAssignment"/>).
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
        var recordings = dataset.Dialogues.Any(d => d.Utterances.Any(u => u.Audio is not null));
        foreach (var m in Modalities.All)
        {
            // audio is present when an utterance has audio features or a recording (which a front end turns into features)
            var byRecording = m == Modality.Audio && recordings;
            if (dims[(int)m] is null && !byRecording) continue;
            bool Has(Utterance u) => u[m] is not null || (byRecording && u.Audio is not null);
            var what = byRecording ? "audio (a recording or audio features)" : $"{m.Name()} features";
            foreach (var d in dataset.Dialogues)
            {
                var missing = d.Utterances.FindIndex(u => !Has(u));
                if (missing < 0) continue;
                if (!options.AllowMissingModality)
                    throw new SureDataException($"the {what} {(byRecording ? "is" : "are")} missing (other dialogues have {(byRecording ? "it" : "them")}; " +
                                                $"use {Setting.Name("allowMissingModality")} to keep such dialogues)", file, d.Id, missing);
                for (var i = 0; i < d.Count; i++)
                {
                    var u = d.Utterances[i];
                    u[m] = null;
                    if (byRecording && u.Audio is not null)
                        d.Utterances[i] = new Utterance { Speaker = u.Speaker, Label = u.Label, Text = u.Text, Features = u.Features };
                }
                report.Warn($"{file}: dialogue {d.Id}: no {what} (kept without that modality)");
            }
        }
        if (!dataset.In(Split.Train).Any()) report.Warn($"{file}: the train split is empty");
    }
}
