namespace Sure.Text.Bert;

/// <summary>
/// An utterance read in its dialogue context (<c>--encoder-context N</c>): the encoder gets
/// <c>[CLS] utterance [SEP] before [SEP] after [SEP]</c>, where <c>before</c> holds up to N earlier turns (oldest first)
/// and <c>after</c> up to N later turns, each as "speaker: text". The utterance's own word pieces come first and are cut
/// only when they alone exceed the maximum length (counted as truncated); context turns are then added whole, nearest
/// first, alternating before/after, while they fit in <see cref="BertTextTokenizer.MaxTokens"/> (a side stops at its first
/// turn that does not fit). Mean pooling averages over <c>[CLS] utterance [SEP]</c> only (<see cref="BertTokens.PoolLength"/>),
/// so the vector is the utterance's, read with its neighbours; [CLS] pooling takes the [CLS] state as always.
/// With N = 0 the ids are exactly <see cref="BertTextTokenizer.Encode"/>'s.
/// </summary>
public static class BertContextInput
{
    /// <summary>The ids of every turn of one dialogue, each read with up to <paramref name="context"/> turns on either side.</summary>
    /// <param name="turns">the dialogue's turns in order: speaker and text.</param>
    public static BertTokens[] Encode(BertTextTokenizer tokenizer, IReadOnlyList<(string Speaker, string? Text)> turns, int context)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        if (context == 0) return turns.Select(t => tokenizer.Encode(t.Text)).ToArray();
        var own = turns.Select(t => tokenizer.Pieces(t.Text)).ToArray();
        var withSpeaker = new List<int>?[turns.Count]; // "speaker: text", made when first needed
        List<int> Turn(int i) => withSpeaker[i] ??= tokenizer.Pieces($"{turns[i].Speaker}: {turns[i].Text}");

        var result = new BertTokens[turns.Count];
        for (int u = 0; u < turns.Count; u++)
        {
            int max = tokenizer.MaxTokens;
            var pieces = own[u];
            int keep = Math.Min(pieces.Count, max - 2);
            var ids = new List<int>(max) { tokenizer.ClsId };
            ids.AddRange(pieces.Take(keep));
            ids.Add(tokenizer.SepId);
            int poolLength = ids.Count;
            int room = max - ids.Count - 2; // the two closing [SEP]s, when they fit
            var before = new List<int>();
            var after = new List<int>();
            if (room >= 0)
            {
                bool beforeOpen = true, afterOpen = true;
                for (int k = 1; k <= context && (beforeOpen || afterOpen); k++)
                {
                    if (beforeOpen && u - k >= 0)
                    {
                        var t = Turn(u - k);
                        if (t.Count <= room) { before.InsertRange(0, t); room -= t.Count; }
                        else beforeOpen = false;
                    }
                    if (afterOpen && u + k < turns.Count)
                    {
                        var t = Turn(u + k);
                        if (t.Count <= room) { after.AddRange(t); room -= t.Count; }
                        else afterOpen = false;
                    }
                }
                ids.AddRange(before);
                ids.Add(tokenizer.SepId);
                ids.AddRange(after);
                ids.Add(tokenizer.SepId);
            }
            result[u] = new BertTokens(ids.ToArray(), pieces.Count > keep, pieces.Count + 2) { PoolLength = poolLength };
        }
        return result;
    }
}
