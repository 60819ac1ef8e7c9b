using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>
/// How a dataset's dialogues become model batches: which modalities, their dims, the speaker table size and the device;
/// with a <see cref="FeatureStore"/> (<see cref="WithStore"/>), batches of the dialogues it holds gather their features
/// from it.
/// </summary>
public sealed record ModelInputs(Modality[] Used, int[] Dims, int MaxSpeakers, Device Device, Text.Vocabulary? Vocabulary = null, FeatureStore? Store = null)
{
    public static ModelInputs For(ModelOptions config, int[] dims, Device device, Text.TextEncoderSpec? textEncoder = null) =>
        new(Modalities.Parse(config.Modalities), textEncoder is null ? dims : WithText(dims, textEncoder.Options.FeatureSize), config.MaxSpeakers, device, textEncoder?.Vocabulary);

    /// <summary>The model's input dims: the data's, with the text dim set to the end-to-end encoder's output size.</summary>
    public static int[] WithText(int[] dims, int textDim)
    {
        var d = (int[])dims.Clone();
        d[(int)Modality.Text] = textDim;
        return d;
    }

    /// <summary>The modalities whose features are collated: with an end-to-end text encoder the text "features" are token ids.</summary>
    private Modality[] FeatureModalities => Vocabulary is null ? Used : Used.Where(m => m != Modality.Text).ToArray();

    /// <summary>These inputs with the features of <paramref name="dialogues"/> held in a contiguous store (the caller disposes it).</summary>
    public ModelInputs WithStore(IEnumerable<Dialogue> dialogues) => this with { Store = FeatureStore.Build(dialogues, FeatureModalities, Dims) };

    public DialogueBatch Collate(IReadOnlyList<Dialogue> dialogues)
    {
        var store = Store is not null && Store.Covers(dialogues) ? Store : null;
        var batch = DialogueCollator.Collate(dialogues, FeatureModalities, Dims, MaxSpeakers, Device, store);
        if (Vocabulary is null) return batch;
        var tokens = Text.TokenBatch.Build(dialogues.Select(d => d.Utterances.Select(u => Vocabulary.Encode(u.Text)).ToArray()).ToList(), Device);
        return new DialogueBatch
        {
            Features = batch.Features, Mask = batch.Mask, Speakers = batch.Speakers, Labels = batch.Labels, Tokens = tokens,
            DialogueIds = batch.DialogueIds, Lengths = batch.Lengths,
        };
    }
}
