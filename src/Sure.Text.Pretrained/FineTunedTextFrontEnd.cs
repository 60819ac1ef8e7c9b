using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sure.Data;
using Sure.Errors;
using Sure.FrontEnds;

namespace Sure.Text.Bert;

/// <summary>
/// The fine-tuned text front ends ("minilm-ft", "arctic-xs-ft"): the packaged encoder fine-tuned on the training split
/// (<see cref="FineTunedTextFeatures"/>, TorchSharp), its weights carried in the model file (<see cref="FineTunedBert"/>), run
/// at prediction by ONNX Runtime: the package's graph with the fine-tuned weights in place of its own
/// (<see cref="FineTunedBert.CreateOnnxEncoder"/>). One that reads later turns around each utterance (<c>encoder.context</c>,
/// the two-sided EmoBERTa layout) cannot stream; the past-only EmoBERTa layout streams: a live conversation hands it the
/// earlier turns it can read (<see cref="PastTurns"/>) with each new turn, and only the new turn is encoded. With
/// <c>encoder.foldAverage</c> it holds the K fold encoders of a cross-fitting and gives each utterance the normalised mean
/// of their vectors (<see cref="FineTunedBert.NormalisedMean"/>), as the training run's validation and test vectors were.
/// </summary>
public sealed class FineTunedTextFrontEnd : IFrontEnd
{
    private readonly Lazy<OnnxSentenceEncoder>[] _encoders;

    /// <param name="source">where the weights came from, for error messages.</param>
    /// <param name="threads">ONNX Runtime's intra-op threads at prediction (≥ 1; less is taken as 1).</param>
    public FineTunedTextFrontEnd(FineTunedBert bert, string source, int threads = 1) : this([bert], source, threads) { }

    /// <param name="encoders">one fine-tuned encoder, or the K fold encoders of a fold average (alike in kind and input settings).</param>
    /// <param name="source">where the weights came from, for error messages.</param>
    /// <param name="threads">ONNX Runtime's intra-op threads at prediction (≥ 1; less is taken as 1).</param>
    public FineTunedTextFrontEnd(IReadOnlyList<FineTunedBert> encoders, string source, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfZero(encoders.Count);
        Encoders = encoders;
        byte[]? onnx = null; // the package's graph, read once for the K encoders
        var onnxLock = new object();
        _encoders = [.. encoders.Select((b, i) => new Lazy<OnnxSentenceEncoder>(() =>
        {
            lock (onnxLock) onnx ??= b.Base.ReadOnnx();
            return b.CreateOnnxEncoder(encoders.Count == 1 ? source : $"{source} (fold encoder {i + 1})", Math.Max(1, threads), onnx);
        }))];
    }

    /// <summary>The encoder (the first fold encoder of a fold average): the settings every encoder here shares.</summary>
    public FineTunedBert Bert => Encoders[0];
    /// <summary>The encoders whose vectors are averaged: one, or the K fold encoders.</summary>
    public IReadOnlyList<FineTunedBert> Encoders { get; }
    public string Kind => Bert.Kind;
    public Modality Modality => Modality.Text;
    public int Dim => Bert.Base.Dim;
    public bool Streamable => !Bert.ReadsContext || ReadsPastOnly;
    /// <summary>Earlier turns a turn's vector may read: the past-only EmoBERTa layout packs whole "speaker: text" turns of at
    /// least two word pieces each into <see cref="FineTunedBert.MaxTokens"/>, so no turn further back than that fits (and no more
    /// than <see cref="FineTunedBert.Context"/> when that caps the turns per side).</summary>
    public int PastTurns => ReadsPastOnly ? (Bert.Context > 0 ? Math.Min(Bert.Context, Bert.MaxTokens) : Bert.MaxTokens) : 0;
    private bool ReadsPastOnly => Bert.Input == BertFineTuneOptions.EmoBertaInput && Bert.PastOnly;
    /// <summary>The encoder's fine-tuning report; for a fold average, fold 1's with the K fold encoders' scores in
    /// <see cref="FineTuningReport.FoldEncoders"/> (no full-split encoder was fine-tuned).</summary>
    public JsonNode? FitReport => Bert.Report is not { } r ? null
        : JsonSerializer.SerializeToNode(Encoders.Count == 1 ? r : r with { Folds = Encoders.Count, Valid = null, Test = null, FoldEncoders = [.. Encoders.Select(e => e.Report ?? new FineTuningReport())] },
            Reporting.ResultJson.Options);

    public JsonObject Describe()
    {
        var d = PretrainedTextFrontEnd.PackageIdentity(Bert.Base);
        d["context"] = Bert.Context;
        if (Bert.Input != BertFineTuneOptions.UtteranceInput)
        {
            d["input"] = Bert.Input;
            d["past_only"] = Bert.PastOnly;
        }
        d["max_tokens"] = Bert.MaxTokens;
        if (Encoders.Count > 1) d["fold_average"] = Encoders.Count;
        return d;
    }

    public float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0) =>
        Mean(encoder => Bert.ReadsContext
            ? encoder.Encode(Bert.Tokens(encoder.Tokenizer, [.. utterances.Select(u => (u.Speaker, u.Text))])).Vectors
            : encoder.Encode([.. utterances.Select(u => u.Text)]).Vectors);

    public float[]? EncodeLast(IReadOnlyList<Utterance> turns, string dialogueId, int firstIndex)
    {
        if (!ReadsPastOnly) return Encode(turns, dialogueId, firstIndex)[^1];
        return Mean(encoder => encoder.Encode([BertContextInput.EncodeEmoBertaPastOnlyLast(encoder.Tokenizer, [.. turns.Select(u => (u.Speaker, u.Text))], Bert.Context)]).Vectors)[0];
    }

    /// <summary>Each encoder's vectors of the same inputs (one call at a time per encoder, as the frozen front end); one
    /// encoder's as they are, K encoders' normalised mean per utterance.</summary>
    private float[][] Mean(Func<OnnxSentenceEncoder, float[][]> encode)
    {
        var each = _encoders.Select(lazy =>
        {
            var encoder = lazy.Value;
            lock (encoder) return encode(encoder);
        }).ToArray();
        if (each.Length == 1) return each[0];
        return [.. Enumerable.Range(0, each[0].Length).Select(i => FineTunedBert.NormalisedMean([.. each.Select(v => v[i])]))];
    }

    /// <summary>Without context, all conversations' sentences in one call (batched by length across conversations);
    /// with context, each conversation on its own (an utterance's input holds its neighbours).</summary>
    public float[]?[][] EncodeMany(IReadOnlyList<ConversationSlice> conversations) => Bert.Context > 0
        ? [.. conversations.Select(c => Encode(c.Utterances, c.DialogueId, c.FirstIndex))]
        : ConversationSlice.EncodeFlat(conversations, all => Encode(all, conversations.Count > 0 ? conversations[0].DialogueId : ""));

    public void WriteTo(ZipArchive zip, string prefix) => FineTunedBert.WriteAll(zip, prefix, Encoders);

    public void Dispose()
    {
        foreach (var e in _encoders)
            if (e.IsValueCreated) e.Value.Dispose();
    }
}

/// <summary>Registers <see cref="FineTunedTextFrontEnd"/> as "{model}-ft"; fine-tuning follows the run's <c>encoder</c> settings.</summary>
public sealed class FineTunedTextFrontEndKind(PretrainedTextModel model) : IFrontEndKind
{
    public string Kind => model.Key + FineTunedBert.FineTunedSuffix;
    public Modality Modality => Modality.Text;
    public string Description => $"{model.ModelName} fine-tuned on the training split (TorchSharp; ONNX Runtime at prediction)";
    public bool UsesLabels => true;

    /// <summary>The settings of the fine-tuned rows (docs/results.md, "Fine-tuned MiniLM, text only": IEMOCAP 60.13, MELD 60.24
    /// test weighted F1, 5 seeds; MELD ran 20 epochs there): the paper's architecture at hidden 256.</summary>
    public InputPreset? Preset => new(Kind, new JsonObject { ["hidden"] = 256, ["heads"] = 4, ["epochs"] = 30, ["lr"] = 5e-4 },
        "docs/results.md, fine-tuned MiniLM rows");

    public string SettingsKey(Configuration.SureConfig config) => config.Encoder.ForRun(config.Seed).ForModel(config.Context == Configuration.ContextMode.Causal).CanonicalString()
        + (config.Encoder.ClassWeighted is null ? $";runClassWeights={config.ClassWeights}" : "");

    public IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context)
    {
        // a causal model reads the past only, its text vectors included (the EmoBERTa layout's past-only variant)
        // encoder.classWeighted null (auto): the encoder's loss is class-weighted as the run's SURE loss is
        var options = (context.Config?.Encoder ?? new BertFineTuneOptions()).ForRun(context.Seed).ForModel(context.Config?.Context == Configuration.ContextMode.Causal)
            .ForClassWeighting(Training.ClassWeights.Enabled(context.Config?.ClassWeights ?? Configuration.ClassWeighting.Auto, dataset));
        var encoders = FineTunedTextFeatures.EnsureEncoders(dataset, model, options, context.Threads > 0 ? context.Threads : TorchSharp.torch.get_num_threads(), context.CacheDirectory, context.Log);
        return new FineTunedTextFrontEnd(encoders, encoders.Count == 1 ? "the fine-tuned text encoder" : "the fold encoders", context.Threads);
    }

    public IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime)
    {
        PretrainedTextFrontEnd.CheckPackage(description, model, path, fineTuned: true);
        int count = 1;
        if (description["fold_average"] is { } k && (k.GetValueKind() != JsonValueKind.Number || !k.AsValue().TryGetValue(out count) || count < 2))
            throw new SureDataException($"the manifest's text front end has fold_average {k.ToJsonString()}; expected a whole number of fold encoders, 2 or more.", path);
        var encoders = FineTunedBert.ReadAll(zip, prefix, count, path);
        if (encoders[0].Kind != Kind) throw new SureDataException($"the manifest says the text front end is {Kind}, {FineTunedBert.PrefixOf(prefix, 0, count)}bert.json says {encoders[0].Kind}.", path);
        return new FineTunedTextFrontEnd(encoders, $"{path}!{prefix}{(count == 1 ? "" : "fold-*/")}bert.safetensors", runtime.Threads);
    }
}
