using System.IO.Compression;
using System.Text.Json.Nodes;
using Sure.Audio.LogMel;
using Sure.Data;
using Sure.FrontEnds;

namespace Sure.Audio.FrontEnds;

/// <summary>
/// The "logmel-cnn" audio front end: a small CNN over log-mel spectrograms (<see cref="LogMelEncoder"/>), trained on the
/// training split only and cross-fitted, so each training utterance's vector comes from a model that did not see it
/// (docs/audio-logmel.md). Its weights and normalisation travel in the model file.
/// </summary>
public sealed class LogMelFrontEnd(LogMelEncoder encoder, LogMelOptions options) : IFrontEnd
{
    public const string KindName = "logmel-cnn";
    private readonly object _gate = new();

    public string Kind => KindName;
    public Modality Modality => Modality.Audio;
    public int Dim => encoder.Dim;
    public LogMelOptions Options => options;

    public JsonObject Describe() => new() { ["sample_rate"] = AudioClip.StandardRate, ["settings"] = options.Fingerprint() };

    public float[]?[] Encode(IReadOnlyList<Utterance> utterances, string dialogueId, int firstIndex = 0)
    {
        var result = new float[]?[utterances.Count];
        var idx = new List<int>();
        var clips = new List<AudioClip>();
        for (int i = 0; i < utterances.Count; i++)
            if (utterances[i].Audio is { } a)
            {
                idx.Add(i);
                clips.Add(AudioInput.Load(a, dialogueId, firstIndex + i));
            }
        if (clips.Count == 0) return result;
        float[][] vectors;
        lock (_gate) vectors = encoder.Encode(clips);
        for (int j = 0; j < idx.Count; j++) result[idx[j]] = vectors[j];
        return result;
    }

    public void WriteTo(ZipArchive zip, string prefix) => encoder.WriteTo(zip, prefix);

    public void Dispose() => encoder.Dispose();
}
