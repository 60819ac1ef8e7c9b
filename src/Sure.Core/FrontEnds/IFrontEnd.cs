using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Data;

namespace Sure.FrontEnds;

/// <summary>
/// A fitted front end: it turns one modality's raw input (an utterance's recording, its text, …) into the vector SURE
/// reads for that modality. Made by <see cref="IFrontEndKind.Fit"/> on a training split, written into the model file
/// (<see cref="WriteTo"/>) and read back by <see cref="IFrontEndKind.Read"/>, so a model file predicts from raw input alone.
/// Implementations are thread-safe for <see cref="Encode"/> or say so.
/// </summary>
public interface IFrontEnd : IDisposable
{
    /// <summary>The registered kind that made it (<see cref="IFrontEndKind.Kind"/>), e.g. "audio-descriptors".</summary>
    string Kind { get; }
    /// <summary>The modality whose vectors it makes.</summary>
    Modality Modality { get; }
    /// <summary>The size of every vector it makes.</summary>
    int Dim { get; }
    /// <summary>Its settings, version and identity for the model file's manifest (provenance, and what <see cref="IFrontEndKind.Read"/> gets back).</summary>
    JsonObject Describe();
    /// <summary>The vectors of consecutive utterances of one conversation, in order: null where an utterance lacks the raw
    /// input (a missing modality). Bad input is a <see cref="Errors.SureDataException"/> naming the file, the conversation
    /// and the utterance (<paramref name="firstIndex"/> is the index of <paramref name="utterances"/>[0] in its conversation).</summary>
    float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0);
    /// <summary>The vectors of several conversations' utterances, one array per conversation in order, each as
    /// <see cref="Encode"/> gives it (up to float rounding: an encoder may batch sentences of different conversations
    /// together). Default: <see cref="Encode"/> on each conversation; a front end that encodes faster in larger batches
    /// (a sentence encoder) overrides it.</summary>
    float[]?[][] EncodeMany(IReadOnlyList<ConversationSlice> conversations) =>
        [.. conversations.Select(c => Encode(c.Utterances, c.DialogueId, c.FirstIndex))];
    /// <summary>Whether a turn's vector depends on that turn alone (or on earlier turns only), so a live conversation can be
    /// labelled turn by turn; false for a front end that reads later turns (e.g. a text encoder with context).</summary>
    bool Streamable => true;
    /// <summary>How many earlier turns of its conversation a streamable front end reads for a turn's vector (0: the turn
    /// alone, the default). A live conversation keeps that many and hands them to <see cref="EncodeLast"/> with each new turn.</summary>
    int PastTurns => 0;
    /// <summary>The vector of the last of <paramref name="turns"/> (a live conversation's new turn, after up to
    /// <see cref="PastTurns"/> earlier ones), as <see cref="Encode"/> gives it for that turn on the whole conversation.
    /// Default: <see cref="Encode"/> on the turns, the last vector; a front end that reads the past overrides it to encode
    /// only the last turn. <paramref name="firstIndex"/> is the index of <paramref name="turns"/>[0] in its conversation.</summary>
    float[]? EncodeLast(IReadOnlyList<Utterance> turns, string dialogueId, int firstIndex) => Encode(turns, dialogueId, firstIndex)[^1];
    /// <summary>What fitting did and scored (result.json's "{modality}_encoder"); null when there is nothing to report.</summary>
    JsonNode? FitReport => null;
    /// <summary>Writes whatever it needs to encode again (weights, normalisation, vocabulary) as entries under <paramref name="prefix"/>.</summary>
    void WriteTo(ZipArchive zip, string prefix);
}

/// <summary>Consecutive utterances of one conversation, for <see cref="IFrontEnd.EncodeMany"/>.</summary>
/// <param name="Utterances">the utterances, in order.</param>
/// <param name="DialogueId">their conversation (for messages).</param>
/// <param name="FirstIndex">the index of <paramref name="Utterances"/>[0] in its conversation.</param>
public sealed record ConversationSlice(IReadOnlyList<Utterance> Utterances, string DialogueId, int FirstIndex = 0)
{
    /// <summary>Runs <paramref name="encode"/> once on the utterances of all <paramref name="conversations"/> together
    /// (e.g. a sentence encoder that sorts them by length into batches) and splits its vectors back per conversation.</summary>
    public static float[]?[][] EncodeFlat(IReadOnlyList<ConversationSlice> conversations, Func<IReadOnlyList<Utterance>, float[]?[]> encode)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var all = conversations.SelectMany(c => c.Utterances).ToList();
        var vectors = all.Count == 0 ? [] : encode(all);
        if (vectors.Length != all.Count) throw new InvalidOperationException($"the encoder returned {vectors.Length} vectors for {all.Count} utterances.");
        var result = new float[]?[conversations.Count][];
        int at = 0;
        for (int c = 0; c < conversations.Count; c++)
        {
            result[c] = vectors.AsSpan(at, conversations[c].Utterances.Count).ToArray();
            at += conversations[c].Utterances.Count;
        }
        return result;
    }
}
