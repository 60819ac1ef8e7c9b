using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Data;

namespace Sure.FrontEnds;

/// <summary>
/// One kind of front end, registered in a <see cref="FrontEndCatalog"/>: it fits a front end on a dataset's training split
/// (filling every utterance's vector of its modality) and reads a fitted one back from a model file.
/// Adding a front end is one class implementing this (and its <see cref="IFrontEnd"/>), one registration line, and its tests.
/// </summary>
public interface IFrontEndKind
{
    /// <summary>The name users select it by and the model file records, e.g. "audio-descriptors".</summary>
    string Kind { get; }
    /// <summary>The modality it makes vectors for.</summary>
    Modality Modality { get; }
    /// <summary>One line for help and errors: what it is.</summary>
    string Description { get; }
    /// <summary>Everything in <paramref name="config"/> other than the data and the thread count that changes what <see cref="Fit"/>
    /// makes (e.g. a fine-tuning seed); runs whose keys are equal can share data fitted once. Default: nothing.</summary>
    string SettingsKey(Configuration.SureConfig config) => "";
    /// <summary>Whether <see cref="Fit"/> learns from the training split's labels (a trained encoder); such a front end is fitted
    /// again when a run's splits change (a cross-validation fold), so a held-out utterance never trained it.</summary>
    bool UsesLabels => false;
    /// <summary>Whether <paramref name="config"/> has what this front end needs to make vectors; false means the data's given
    /// vectors are read instead (the GloVe TextCNN, the default text encoder, makes nothing without word vectors). Default: true.</summary>
    bool AppliesTo(Configuration.SureConfig config) => true;
    /// <summary>Fits on <paramref name="dataset"/>'s training split only (learned parts cross-fitted so a training utterance's
    /// vector never comes from a model that saw it) and sets every utterance's vector of <see cref="Modality"/>
    /// (<see cref="Utterance.Features"/>); an utterance without the raw input keeps a null vector (a missing modality).</summary>
    IFrontEnd Fit(ConversationDataset dataset, FrontEndContext context);
    /// <summary>SURE's settings for this kind's vectors, chosen on measured runs (<see cref="InputPreset.Evidence"/>); null: those
    /// of given sentence vectors (<see cref="Loading.InputPresets.GivenVectors"/>). Applied when the run's first modality
    /// (text, then audio, then visual) is made by this kind and no <c>preset</c> is set.</summary>
    InputPreset? Preset => null;
    /// <summary>Reads a front end written by <see cref="IFrontEnd.WriteTo"/>; <paramref name="description"/> is what its
    /// <see cref="IFrontEnd.Describe"/> said. Problems are one <see cref="Errors.SureDataException"/> line naming <paramref name="path"/>.</summary>
    /// <param name="runtime">the caller's runtime settings (threads) for encoding.</param>
    IFrontEnd Read(ZipArchive zip, string prefix, JsonObject description, string path, FrontEndRuntime runtime);
}
