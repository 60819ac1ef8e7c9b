using Sure.Data;
using Sure.Synth;

namespace Sure.Loading;

/// <summary>A dataset ready for training, with its SynthERC benchmark (and so its exact ceilings) when it is synthetic.</summary>
public sealed class LoadedData
{
    public required ConversationDataset Dataset { get; init; }
    public SynthErcBenchmark? Synth { get; init; }
    /// <summary>Set with --text-encoder end2end: SURE's text branch learns its own encoder over these GloVe inputs.</summary>
    public Text.TextEncoderSpec? TextEncoder { get; init; }
    /// <summary>The fitted front ends that made some modality's vectors from raw input (text from transcripts, e.g. the GloVe
    /// TextCNN; audio from recordings), for the model file.</summary>
    public IReadOnlyList<FrontEnds.IFrontEnd> FrontEnds { get; init; } = [];

    /// <summary>How each of <see cref="FrontEnds"/> was fitted (its kind and context), to fit it again on other splits.</summary>
    public IReadOnlyList<(FrontEnds.IFrontEndKind Kind, FrontEnds.FrontEndContext Context)> FittedWith { get; init; } = [];

    /// <summary>A copy that also carries <paramref name="frontEnd"/>, fitted by <paramref name="kind"/> with <paramref name="context"/>.</summary>
    public LoadedData With(FrontEnds.IFrontEnd frontEnd, FrontEnds.IFrontEndKind kind, FrontEnds.FrontEndContext context) => new()
    {
        Dataset = Dataset, Synth = Synth, TextEncoder = TextEncoder,
        FrontEnds = [.. FrontEnds.Where(f => f.Modality != frontEnd.Modality), frontEnd],
        FittedWith = [.. FittedWith.Where(f => f.Kind.Modality != kind.Modality), (kind, context)],
    };

    /// <summary>The same data with every front end that learns from labels (<see cref="FrontEnds.IFrontEndKind.UsesLabels"/>)
    /// fitted again on the dataset's current splits (e.g. a cross-validation fold's), its vectors replacing the old ones.</summary>
    public LoadedData RefitOnSplits()
    {
        var data = this;
        foreach (var (kind, context) in FittedWith)
            if (kind.UsesLabels) data = data.With(kind.Fit(Dataset, context), kind, context);
        return data;
    }

    /// <summary>The model's input dims (t, a, v): the data's, or the encoder's output size for end-to-end text.</summary>
    public int[] InputDims => TextEncoder is null ? Dataset.Dims : Model.ModelInputs.WithText(Dataset.Dims, TextEncoder.Options.FeatureSize);
    /// <summary>The exact ceilings of the test split (SynthERC only).</summary>
    public SynthErcCeilings? TestCeiling => Synth?.Test;
    /// <summary>The exact ceilings of the validation split (SynthERC only).</summary>
    public SynthErcCeilings? ValidCeiling => Synth?.Valid;

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
        return new LoadedData { Dataset = copy, Synth = Synth, TextEncoder = TextEncoder, FrontEnds = FrontEnds, FittedWith = FittedWith };
    }
}
