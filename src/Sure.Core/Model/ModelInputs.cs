using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.Model;

/// <summary>How a dataset's dialogues become model batches: which modalities, their dims, the speaker table size and the device.</summary>
public sealed record ModelInputs(Modality[] Used, int[] Dims, int MaxSpeakers, Device Device)
{
    public static ModelInputs For(SureConfig config, int[] dims, Device device) =>
        new(Modalities.Parse(config.Modalities), dims, config.MaxSpeakers, device);

    public DialogueBatch Collate(IReadOnlyList<Dialogue> dialogues) =>
        DialogueCollator.Collate(dialogues, Used, Dims, MaxSpeakers, Device);
}
