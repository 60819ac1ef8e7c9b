namespace Sure.Data.Formats;

/// <summary>One cue of a WebVTT transcript: where it starts in the file, its timing in seconds, its speaker (the
/// <c>&lt;v Speaker&gt;</c> voice, or <see cref="WebVttFormat.UnknownSpeaker"/>) and its text without markup.</summary>
/// <param name="Line">the 1-based line of the cue's timing line.</param>
/// <param name="Id">the cue identifier, when the cue has one.</param>
/// <param name="Start">start time, seconds.</param>
/// <param name="End">end time, seconds (after <paramref name="Start"/>).</param>
/// <param name="Speaker">the voice's name.</param>
/// <param name="Text">the cue text, tags removed, character references decoded, its lines joined by single spaces.</param>
public sealed record WebVttCue(int Line, string? Id, double Start, double End, string Speaker, string Text);
