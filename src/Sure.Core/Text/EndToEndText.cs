using System.IO.Compression;
using System.Text;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;

namespace Sure.Text;

/// <summary>
/// The seam of the end-to-end text encoder (<c>--text-encoder end2end</c>): the one place that knows it. Unlike a front end
/// (<see cref="FrontEnds.IFrontEnd"/>), it makes no vectors before training: SURE's text branch is a GloVe CNN
/// (<see cref="GloveUtteranceEncoder"/>) that the model owns and trains jointly, its embedding among the model's weights,
/// and the model reads token ids (<see cref="Model.ModelInputs"/>). So it is not in the front-end catalog; data loading
/// prepares its <see cref="TextEncoderSpec"/>, the model is built with it, and the model file carries its vocabulary
/// under <c>text/</c> (docs/architecture.md).
/// </summary>
public static class EndToEndText
{
    /// <summary>Its name, <c>--text-encoder end2end</c> (and the model file's <c>text_front_end.kind</c>).</summary>
    public const string Kind = "end2end";
    /// <summary>The model file's entry of its vocabulary.</summary>
    public const string VocabularyEntry = "text/vocab.txt";

    /// <summary>Whether the run's text encoder is the end-to-end one (with word vectors it is; without them the data's given
    /// text vectors are read, see <see cref="Prepare"/>).</summary>
    public static bool IsSelected(SureConfig config) => config.TextEncoder == Kind;

    /// <summary>The settings of its measured rows (docs/results.md, end-to-end text encoder: IEMOCAP 58.10, MELD 57.56 test
    /// weighted F1, 5 seeds): the paper's architecture at hidden 256.</summary>
    public static FrontEnds.InputPreset Preset { get; } = new(Kind, new System.Text.Json.Nodes.JsonObject
    {
        ["hidden"] = 256, ["heads"] = 4, ["epochs"] = 30, ["lr"] = 5e-4,
    }, "docs/results.md, end-to-end text encoder rows");

    /// <summary>What decides its data besides the data and word vectors (<see cref="Data"/> reuse between runs): the CNN
    /// settings, the warm start's pre-training among them.</summary>
    public static string SettingsKey(SureConfig config) => $"{Kind}; {config.TextCnn.CanonicalString()}; warmStart={config.TextCnn.WarmStart}";

    /// <summary>The encoder's spec for <paramref name="dataset"/>: the vocabulary of its words found in the word vectors, the
    /// embedding matrix and, with <see cref="TextCnnOptions.WarmStart"/>, a TextCNN pre-trained on the training split to
    /// start from; null when the run gives no word vectors (the data's given text vectors are read).</summary>
    public static TextEncoderSpec? Prepare(ConversationDataset dataset, SureConfig config, Action<string>? log)
    {
        if (config.Glove is not { } glove) return null;
        var options = config.TextCnn;
        if (!File.Exists(glove)) throw new SureUserException($"{glove}: word-vector file not found ({Setting.Name("glove")}).");
        var vectors = WordVectors.Load(glove, Vocabulary.WordsNeeded(dataset).Contains);
        var vocab = Vocabulary.Build(dataset, vectors, options.MaxTokens);
        log?.Invoke($"end-to-end text encoder: vocabulary of {vocab.Count} tokens, {vectors.Dim}-d GloVe inputs.");
        TextCnn? pretrained = null;
        if (options.WarmStart && options.Epochs > 0)
        {
            log?.Invoke("end-to-end text encoder: warm start from a TextCNN pre-trained on the training split.");
            pretrained = new TextCnnFeatureExtractor(options, p => { if (p.IsSummary) log?.Invoke(p.Message); }).Pretrain(dataset, vectors, vocab);
        }
        return new TextEncoderSpec(vocab, vocab.EmbeddingMatrix(vectors, options.UnknownScale, options.Seed), vectors.Dim, options, pretrained);
    }

    /// <summary>Writes the vocabulary into a model file being written.</summary>
    public static void WriteVocabulary(ZipArchive zip, Vocabulary vocabulary)
    {
        using var w = new StreamWriter(zip.CreateEntry(VocabularyEntry).Open(), new UTF8Encoding(false));
        w.Write(vocabulary.ToText());
    }

    /// <summary>Reads the vocabulary of a model file; a missing or malformed entry is a <see cref="SureDataException"/> naming <paramref name="path"/>.</summary>
    public static Vocabulary ReadVocabulary(ZipArchive zip, string path)
    {
        var v = zip.GetEntry(VocabularyEntry) ?? throw new SureDataException($"entry '{VocabularyEntry}' is missing.", path);
        using var r = new StreamReader(v.Open(), Encoding.UTF8);
        return Vocabulary.Parse(r.ReadToEnd(), $"{path}!{VocabularyEntry}");
    }

    /// <summary>The spec of a model whose weights come from a file (the embedding among them): its vocabulary, word-vector
    /// size <paramref name="embeddingDim"/> and CNN settings; a size below 1 is a <see cref="SureDataException"/> naming <paramref name="path"/>.</summary>
    public static TextEncoderSpec ForWeights(Vocabulary vocabulary, int embeddingDim, TextCnnOptions options, string path)
    {
        if (embeddingDim < 1) throw new SureDataException("the end-to-end text front end has no embedding size (text_front_end.embedding_dim).", path);
        return new TextEncoderSpec(vocabulary, new float[vocabulary.Count * embeddingDim], embeddingDim, options);
    }
}
