using Sure.Configuration;
namespace Sure.Text;

/// <summary>
/// What SURE's end-to-end text branch is built from (<c>--text-encoder end2end</c>): the dataset's vocabulary, its
/// GloVe embedding matrix [Count × Dim] (row-major; zeros when the weights come from a checkpoint) and the CNN settings.
/// </summary>
/// <param name="Pretrained">the TextCNN the encoder starts from (<see cref="TextCnnOptions.WarmStart"/>); null = random initialisation.</param>
public sealed record TextEncoderSpec(Vocabulary Vocabulary, float[] Embeddings, int Dim, TextCnnOptions Options, TextCnn? Pretrained = null)
{
    public const string VocabularyFile = "text_vocab.txt";

    public GloveUtteranceEncoder Build()
    {
        var encoder = new GloveUtteranceEncoder(Embeddings, Vocabulary.Count, Dim, Options, "text_encoder");
        if (Pretrained is not null) encoder.InitializeFrom(Pretrained);
        return encoder;
    }

    /// <summary>The spec of a trained run: its saved vocabulary and its CNN settings (<paramref name="options"/>, the run's
    /// config); the embedding weights come from the checkpoint.</summary>
    public static TextEncoderSpec FromRun(string runDir, int dim, TextCnnOptions options)
    {
        var path = Path.Combine(runDir, VocabularyFile);
        if (!File.Exists(path)) throw new Errors.SureUserException($"{runDir}: no {VocabularyFile}; the end-to-end text encoder cannot be rebuilt.");
        var vocab = Vocabulary.Load(path);
        return new TextEncoderSpec(vocab, new float[vocab.Count * dim], dim, options);
    }
}
