using Sure.Synth;

namespace Sure.Data;

/// <summary>A dataset ready for training, with its SynthERC benchmark (and so its exact ceilings) when it is synthetic.</summary>
public sealed class LoadedData
{
    public required ConversationDataset Dataset { get; init; }
    public SynthErcBenchmark? Synth { get; init; }
    /// <summary>Set with --text-encoder end2end: SURE's text branch learns its own encoder over these GloVe inputs.</summary>
    public Text.TextEncoderSpec? TextEncoder { get; init; }
    /// <summary>Set with --glove and the TextCNN text encoder: the TextCNN(s) behind the text features, for the model file.</summary>
    public Text.TextCnnFrontEnd? TextFrontEnd { get; init; }

    /// <summary>The fitted front ends that made some modality's vectors from raw input (e.g. audio from recordings), for the model file.</summary>
    public IReadOnlyList<FrontEnds.IFrontEnd> FrontEnds { get; init; } = [];

    /// <summary>A copy that also carries <paramref name="frontEnd"/>.</summary>
    public LoadedData With(FrontEnds.IFrontEnd frontEnd) => new()
    {
        Dataset = Dataset, Synth = Synth, TextEncoder = TextEncoder, TextFrontEnd = TextFrontEnd,
        FrontEnds = [.. FrontEnds.Where(f => f.Modality != frontEnd.Modality), frontEnd],
    };

    /// <summary>The model's input dims (t, a, v): the data's, or the encoder's output size for end-to-end text.</summary>
    public int[] InputDims => TextEncoder is null ? Dataset.Dims : Model.ModelInputs.WithText(Dataset.Dims, TextEncoder.Options.FeatureSize);
    /// <summary>The exact ceilings of the test split (SynthERC only).</summary>
    public SynthErcCeilings? TestCeiling => Synth?.Test;

    /// <summary>A copy whose dialogues carry their original splits (a run may carve a validation split out of train);
    /// utterances, the benchmark and the text encoder are shared.</summary>
    public LoadedData Fresh()
    {
        var ds = Dataset;
        var copy = new ConversationDataset
        {
            Name = ds.Name, Format = ds.Format, Source = ds.Source, Identity = ds.Identity, ClassNames = ds.ClassNames,
            Dialogues = [.. ds.Dialogues.Select(d => new Dialogue { Id = d.Id, Split = d.Split, Utterances = d.Utterances })],
        };
        return new LoadedData { Dataset = copy, Synth = Synth, TextEncoder = TextEncoder, TextFrontEnd = TextFrontEnd, FrontEnds = FrontEnds };
    }
}
