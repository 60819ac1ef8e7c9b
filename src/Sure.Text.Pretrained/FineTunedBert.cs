using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sure.Errors;
using Sure.IO;

namespace Sure.Text.Bert;

/// <summary>
/// The text front end of a model trained on fine-tuned BERT features (<c>--text-encoder minilm-ft|arctic-xs-ft</c>): the
/// fine-tuned encoder's weights (Hugging Face names) and the package whose vocabulary, head count and pooling it keeps,
/// so new text gets exactly the vectors the training features were. Stored under a prefix of a zip (the model file's
/// <c>text/</c>, or a feature-cache entry): <c>bert.json</c> (package identity, maximum length, tokenizer settings) and
/// <c>bert.safetensors</c>.
/// </summary>
public sealed class FineTunedBert
{
    /// <summary>The packaged model it was fine-tuned from (vocabulary, heads, pooling).</summary>
    public PretrainedTextModel Base { get; }
    /// <summary>The front-end kind, "minilm-ft" or "arctic-xs-ft".</summary>
    public string Kind => Base.Key + FineTunedSuffix;
    public int MaxTokens { get; }
    /// <summary>Turns read on either side of each utterance (<see cref="BertContextInput"/>; 0 = the utterance alone).</summary>
    public int Context { get; }
    /// <summary>The input layout (<see cref="BertFineTuneOptions.Input"/>): "utterance" or "emoberta".</summary>
    public string Input { get; }
    /// <summary>EmoBERTa layout reading earlier turns only (<see cref="BertFineTuneOptions.PastOnly"/>).</summary>
    public bool PastOnly { get; }
    /// <summary>Whether each utterance is read with other turns of its conversation.</summary>
    public bool ReadsContext => Context > 0 || Input == BertFineTuneOptions.EmoBertaInput;
    public IReadOnlyList<TensorData> Weights { get; }
    /// <summary>What the fine-tuning did and scored (null for entries written before it was kept).</summary>
    public FineTuningReport? Report { get; }

    public const string FineTunedSuffix = "-ft";

    public FineTunedBert(PretrainedTextModel baseModel, int maxTokens, IReadOnlyList<TensorData> weights, int context = 0, FineTuningReport? report = null,
        string input = BertFineTuneOptions.UtteranceInput, bool pastOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        Input = input;
        PastOnly = pastOnly;
        Base = baseModel;
        MaxTokens = maxTokens;
        Weights = weights;
        Context = context;
        Report = report;
    }

    /// <summary>The encoder's input ids for every turn of one conversation (each in its context when <see cref="Context"/> &gt; 0).</summary>
    public BertTokens[] Tokens(BertTextTokenizer tokenizer, IReadOnlyList<(string Speaker, string? Text)> turns) =>
        BertContextInput.Encode(tokenizer, turns, Context, Input, PastOnly);

    /// <summary>The packaged model that "<c>minilm-ft</c>" / "<c>arctic-xs-ft</c>" fine-tunes; null for other names.</summary>
    public static PretrainedTextModel? BaseOf(string? kind) =>
        kind is not null && kind.EndsWith(FineTunedSuffix, StringComparison.Ordinal) && PretrainedTextModel.IsKnown(kind[..^FineTunedSuffix.Length])
            ? PretrainedTextModel.Get(kind[..^FineTunedSuffix.Length]) : null;

    public static bool IsKind(string? kind) => BaseOf(kind) is not null;

    /// <summary>An ONNX Runtime encoder with these weights: the package's graph, its initializers replaced by these values
    /// (<see cref="OnnxWeightOverrides"/>), the same tokenizer, pooling and normalisation as <see cref="CreateTorchEncoder"/>
    /// (equal within float rounding), faster. For prediction; fine-tuning needs the TorchSharp one. The caller disposes it.</summary>
    /// <param name="threads">ONNX Runtime's intra-op threads (≥ 1).</param>
    /// <param name="onnx">the package's model bytes when the caller has them; null reads them.</param>
    public OnnxSentenceEncoder CreateOnnxEncoder(string source, int threads = 1, byte[]? onnx = null)
    {
        onnx ??= Base.ReadOnnx();
        var weights = OnnxWeightOverrides.Create(OnnxGraph.Parse(onnx), Weights, source);
        return new OnnxSentenceEncoder(Base, MaxTokens, threads, 32, onnx, weights);
    }

    /// <summary>A TorchSharp encoder with these weights (unit-norm pooled vectors, the package's pooling), in evaluation mode.
    /// The caller disposes it.</summary>
    public TorchSentenceEncoder CreateTorchEncoder(string source) => new(Base, Base.CreateTokenizer(MaxTokens), CreateTorchModel(source));

    /// <summary>The TorchSharp <see cref="BertModel"/> with these weights, in evaluation mode; a weight that does not fit is
    /// an error naming <paramref name="source"/>. The caller disposes it.</summary>
    public BertModel CreateTorchModel(string source)
    {
        var entries = Weights.ToDictionary(t => t.Name, t => new BertWeights.Entry(t.Shape, t.Data), StringComparer.Ordinal);
        var bert = new BertModel(BertConfig.FromWeights(entries, Base.Heads));
        try
        {
            TensorData.LoadInto(bert, Weights, source);
        }
        catch
        {
            bert.Dispose();
            throw;
        }
        bert.eval();
        return bert;
    }

    /// <summary>bert.json. <c>Context</c>, <c>Report</c>, <c>Input</c> and <c>PastOnly</c> were added within format version 1
    /// (absent = 0, none, "utterance" and false).</summary>
    private sealed record Header(int FormatVersion, string Kind, string Package, string PackageVersion, string OnnxSha256, int MaxTokens, string Tokenizer,
        int Context = 0, FineTuningReport? Report = null, string? Input = null, bool PastOnly = false);

    public void WriteTo(ZipArchive zip, string prefix)
    {
        var header = new Header(1, Kind, Base.PackageId, Base.PackageVersion, Base.OnnxSha256, MaxTokens, Base.CreateTokenizer(MaxTokens).Settings, Context, Report,
            Input == BertFineTuneOptions.UtteranceInput ? null : Input, PastOnly);
        using (var w = new StreamWriter(zip.CreateEntry(prefix + "bert.json").Open(), new UTF8Encoding(false)))
            w.Write(JsonSerializer.Serialize(header, Configuration.SureConfig.Json));
        TensorData.WriteEntry(zip, prefix + "bert.safetensors", Weights);
    }

    /// <summary>The prefix of encoder <paramref name="index"/> (0-based) of <paramref name="count"/> under <paramref name="prefix"/>:
    /// the prefix itself for one encoder, "fold-1/", "fold-2/", … under it for the K fold encoders of a fold average.</summary>
    public static string PrefixOf(string prefix, int index, int count) => count == 1 ? prefix : $"{prefix}fold-{index + 1}/";

    /// <summary>Writes one encoder as <see cref="WriteTo"/> does, or several (a fold average) each under its <see cref="PrefixOf"/>.</summary>
    public static void WriteAll(ZipArchive zip, string prefix, IReadOnlyList<FineTunedBert> encoders)
    {
        for (int i = 0; i < encoders.Count; i++) encoders[i].WriteTo(zip, PrefixOf(prefix, i, encoders.Count));
    }

    /// <summary>Reads <paramref name="count"/> encoders written by <see cref="WriteAll"/>; they must share their package and
    /// input settings (one tokenization serves all).</summary>
    public static FineTunedBert[] ReadAll(ZipArchive zip, string prefix, int count, string source)
    {
        if (count < 1) throw new SureDataException($"the text front end names {count} encoders; at least 1 is needed.", source);
        var all = Enumerable.Range(0, count).Select(i => ReadFrom(zip, PrefixOf(prefix, i, count), source)).ToArray();
        foreach (var b in all.Skip(1))
            if (b.Kind != all[0].Kind || b.MaxTokens != all[0].MaxTokens || b.Context != all[0].Context || b.Input != all[0].Input || b.PastOnly != all[0].PastOnly)
                throw new SureDataException($"the {count} fold encoders under '{prefix}' differ in their kind or input settings; a fold average needs them alike.", source);
        return all;
    }

    /// <summary>The fold average of one utterance: the mean of the encoders' unit-norm vectors <paramref name="vectors"/>,
    /// summed in double in the given order, scaled to unit norm (zeros stay zeros).</summary>
    public static float[] NormalisedMean(IReadOnlyList<float[]> vectors)
    {
        var sum = new double[vectors[0].Length];
        foreach (var v in vectors)
            for (int j = 0; j < sum.Length; j++) sum[j] += v[j];
        double norm = Math.Sqrt(sum.Sum(v => v * v));
        return sum.Select(v => (float)(norm > 0 ? v / norm : 0)).ToArray();
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; a missing entry, another package or vocabulary is a
    /// <see cref="SureDataException"/> naming <paramref name="source"/>.</summary>
    public static FineTunedBert ReadFrom(ZipArchive zip, string prefix, string source)
    {
        var entry = zip.GetEntry(prefix + "bert.json") ?? throw new SureDataException($"entry '{prefix}bert.json' is missing.", source);
        Header header;
        using (var s = entry.Open())
            header = JsonSerializer.Deserialize<Header>(s, Configuration.SureConfig.Json) ?? throw new SureDataException($"{prefix}bert.json is empty.", source);
        if (header.FormatVersion != 1) throw new SureDataException($"{prefix}bert.json has format version {header.FormatVersion}; this build reads 1.", source);
        var model = BaseOf(header.Kind) ?? throw new SureDataException($"unknown fine-tuned text encoder '{header.Kind}'.", source);
        var tokenizer = model.CreateTokenizer(header.MaxTokens);
        if (tokenizer.Settings != header.Tokenizer)
            throw new SureDataException($"the fine-tuned encoder was trained with the tokenizer '{header.Tokenizer}'; this build's {model.PackageId} {model.PackageVersion} gives '{tokenizer.Settings}'.", source);
        var weights = TensorData.ReadEntry(zip, prefix + "bert.safetensors", source);
        if (header.Context < 0) throw new SureDataException($"{prefix}bert.json has a negative context ({header.Context}).", source);
        var input = header.Input ?? BertFineTuneOptions.UtteranceInput;
        if (input is not (BertFineTuneOptions.UtteranceInput or BertFineTuneOptions.EmoBertaInput))
            throw new SureDataException($"{prefix}bert.json has an unknown input layout '{input}' (this build reads {BertFineTuneOptions.UtteranceInput} and {BertFineTuneOptions.EmoBertaInput}).", source);
        return new FineTunedBert(model, header.MaxTokens, weights, header.Context, header.Report, input, header.PastOnly);
    }
}
