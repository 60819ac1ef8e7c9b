using Sure.Data;
using Sure.Errors;
using Sure.Evaluation;

namespace Sure.Inference;

/// <summary>A model file over labelled data: a run folder's model (<see cref="OpenRun"/>), scored on dialogues of a dataset
/// (<see cref="Evaluate"/>, <see cref="Explain"/>) as <c>sure eval</c> and <c>sure explain</c> do.</summary>
public sealed partial class SurePredictor
{
    /// <summary>Opens the model file of a run folder (<c>runDir/model.sure</c>), given the folder, a checkpoint inside it
    /// (<c>best.pt</c>) or the model file itself. A run folder without one (written before runs wrote model files) is one
    /// <see cref="SureUserException"/> line saying how to make it (<c>sure export</c>).</summary>
    public static SurePredictor OpenRun(string runOrCheckpoint, PredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runOrCheckpoint);
        string runDir;
        if (Directory.Exists(runOrCheckpoint)) runDir = runOrCheckpoint;
        else if (File.Exists(runOrCheckpoint))
        {
            if (string.Equals(System.IO.Path.GetFileName(runOrCheckpoint), ModelFile.FileName, StringComparison.Ordinal)) return Open(runOrCheckpoint, options);
            runDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(runOrCheckpoint))!;
        }
        else throw new SureUserException($"{runOrCheckpoint}: no such run folder or checkpoint.");
        var model = System.IO.Path.Combine(runDir, ModelFile.FileName);
        if (!File.Exists(model))
            throw new SureUserException($"{runDir}: no {ModelFile.FileName} (a run made before runs wrote model files); {Setting.Name("command:export", "export one from the checkpoint in")} {runDir} first.");
        return Open(model, options);
    }

    /// <summary>Scores labelled <paramref name="dialogues"/> (e.g. a split of the data the model was trained on, read with
    /// <see cref="Loading.DataSource.LoadLabelled"/>): the model file's front ends make their modalities' vectors from
    /// each utterance's raw input, the other modalities' vectors are the data's own (an utterance without one has that
    /// modality missing, as in training). The dialogues are not changed. A vector of the wrong size, or a label that is
    /// not a class of the model, is a <see cref="SureDataException"/> naming <paramref name="source"/>, the dialogue and
    /// the utterance.</summary>
    /// <param name="batchSize">dialogues per forward pass (padding is masked; a run's own evaluation uses max(32, its batch size)).</param>
    /// <param name="diagnostics">also record routing weights, expert uncertainties and reasoning attention per utterance.</param>
    public EvaluationOutput Evaluate(IReadOnlyList<Dialogue> dialogues, string? source = null, int batchSize = 32, bool diagnostics = false)
    {
        ArgumentNullException.ThrowIfNull(dialogues);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var inputs = dialogues.Select(d => ModelInput(d, source)).ToList();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Evaluator.Evaluate(_model, inputs, _inputs, _classes, Math.Max(1, batchSize), diagnostics: diagnostics);
        }
    }

    /// <summary>Every utterance of <paramref name="dialogue"/> with its prediction, probabilities, routing weights, expert
    /// uncertainties and reasoning attention (<c>sure explain</c>).</summary>
    public IReadOnlyList<UtterancePrediction> Explain(Dialogue dialogue, string? source = null) =>
        Evaluate([dialogue ?? throw new ArgumentNullException(nameof(dialogue))], source, 1, diagnostics: true).Utterances;

    /// <summary>A copy of <paramref name="d"/> holding what the model reads: the data's vectors of the modalities given as
    /// features, the front ends' vectors of the others.</summary>
    private Dialogue ModelInput(Dialogue d, string? source)
    {
        var utterances = new List<Utterance>(d.Count);
        for (int i = 0; i < d.Count; i++)
        {
            var u = d.Utterances[i];
            if (u.Label >= _classes.Length)
                throw new SureDataException($"label {u.Label} is not one of the model's {_classes.Length} classes ({string.Join(", ", _classes)}).", source, d.Id, i);
            var copy = new Utterance { Speaker = u.Speaker, Text = u.Text, Label = u.Label, Audio = u.Audio };
            foreach (var m in _used)
            {
                if (_frontEnds.ContainsKey(m) || (m == Modality.Text && _endToEnd)) continue;
                if (u[m] is not { } f) continue; // a missing modality, as the data may have in training (allowMissingModality)
                if (f.Length != _dims[(int)m]) throw new SureDataException($"{m.Name()} features have {f.Length} values, the model expects {_dims[(int)m]}.", source, d.Id, i);
                copy[m] = f;
            }
            utterances.Add(copy);
        }
        AddFrontEndFeatures(utterances, d.Id, 0);
        return new Dialogue { Id = d.Id, Split = d.Split, Utterances = utterances };
    }
}
