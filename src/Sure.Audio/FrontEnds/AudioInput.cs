using Sure.Data;

namespace Sure.Audio.FrontEnds;

/// <summary>Decodes an utterance's recording (a file, a segment of one, or inline bytes) to mono 16 kHz.</summary>
internal static class AudioInput
{
    /// <summary>The clip of <paramref name="segment"/>; problems are one <see cref="Errors.SureDataException"/> line naming the file, dialogue and utterance.</summary>
    public static AudioClip Load(AudioSegment segment, string dialogueId, int utterance)
    {
        if (segment.Bytes is { } bytes)
        {
            if (segment.Start is not null || segment.End is not null)
                throw new Errors.SureDataException("start/end cut a recording file; an inline recording is the turn's audio itself (send it without start/end).", segment.Path, dialogueId, utterance);
            return AudioDecoder.Decode(bytes, segment.Path, dialogueId, utterance);
        }
        return AudioDecoder.Load(segment, dialogueId, utterance);
    }
}
