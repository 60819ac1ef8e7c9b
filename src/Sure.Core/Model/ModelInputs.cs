using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>How a dataset's dialogues become model batches: which modalities, their dims, the speaker table size and the device.</summary>
public sealed record ModelInputs(Modality[] Used, int[] Dims, int MaxSpeakers, Device Device, Text.Vocabulary? Vocabulary = null)
{
    public static ModelInputs For(SureConfig config, int[] dims, Device device, Text.TextEncoderSpec? textEncoder = null) =>
        new(Modalities.Parse(config.Modalities), textEncoder is null ? dims : WithText(dims, textEncoder.Options.FeatureSize), config.MaxSpeakers, device, textEncoder?.Vocabulary);

    /// <summary>The model's input dims: the data's, with the text dim set to the end-to-end encoder's output size.</summary>
    public static int[] WithText(int[] dims, int textDim)
    {
        var d = (int[])dims.Clone();
        d[(int)Modality.Text] = textDim;
        return d;
    }

    public DialogueBatch Collate(IReadOnlyList<Dialogue> dialogues)
    {
        // With an end-to-end text encoder the text "features" are token ids; the collator fills zeros for the absent vectors.
        var batch = DialogueCollator.Collate(dialogues, Vocabulary is null ? Used : Used.Where(m => m != Modality.Text).ToArray(), Dims, MaxSpeakers, Device);
        if (Vocabulary is null) return batch;
        var tokens = Text.TokenBatch.Build(dialogues.Select(d => d.Utterances.Select(u => Vocabulary.Encode(u.Text)).ToArray()).ToList(), Device);
        return new DialogueBatch
        {
            Features = batch.Features, Mask = batch.Mask, Speakers = batch.Speakers, Labels = batch.Labels, Tokens = tokens,
            DialogueIds = batch.DialogueIds, Lengths = batch.Lengths,
        };
    }
}
