namespace Sure.Text.Bert;

/// <summary>
/// An utterance read in its dialogue context (<c>--encoder-context N</c>): the encoder gets
/// <c>[CLS] utterance [SEP] before [SEP] after [SEP]</c>, where <c>before</c> holds up to N earlier turns (oldest first)
/// and <c>after</c> up to N later turns, each as "speaker: text". The utterance's own word pieces come first and are cut
/// only when they alone exceed the maximum length (counted as truncated); context turns are then added whole, nearest
/// first, alternating before/after, while they fit in <see cref="BertTextTokenizer.MaxTokens"/> (a side stops at its first
/// turn that does not fit). Mean pooling averages over <c>[CLS] utterance [SEP]</c> only (<see cref="BertTokens.PoolEnd"/>),
/// so the vector is the utterance's, read with its neighbours; [CLS] pooling takes the [CLS] state as always.
/// With N = 0 the ids are exactly <see cref="BertTextTokenizer.Encode"/>'s.
/// <para>The EmoBERTa layout (<see cref="EncodeEmoBerta"/>, <c>--encoder-input emoberta</c>) puts the target in its place
/// in the conversation instead: <c>[CLS] past [SEP] Speaker: utterance [SEP] future [SEP]</c>, every turn as "speaker: text".</para>
/// </summary>
public static class BertContextInput
{
    /// <summary>The ids of every turn of one dialogue in the layout <paramref name="input"/> (<see cref="BertFineTuneOptions.Input"/>).</summary>
    public static BertTokens[] Encode(BertTextTokenizer tokenizer, IReadOnlyList<(string Speaker, string? Text)> turns, int context, string input, bool pastOnly) =>
        input == BertFineTuneOptions.EmoBertaInput ? EncodeEmoBerta(tokenizer, turns, context, pastOnly) : Encode(tokenizer, turns, context);

    /// <summary>
    /// EmoBERTa's input (Kim and Vossen, 2021), in BERT's special tokens: <c>[CLS] past [SEP] target [SEP] future [SEP]</c>
    /// (past only: <c>[CLS] past [SEP] target [SEP]</c>), where the target is "Speaker: utterance" and past/future are earlier
    /// and later turns, each "speaker: text", in conversation order, no separator between turns (a side may be empty, its
    /// [SEP] stays). The budget is <see cref="BertTextTokenizer.MaxTokens"/> (up to 512): the target's word pieces first, cut
    /// only when they alone do not fit (counted as truncated); then whole turns, nearest first, at each distance the past
    /// turn before the future one; a side stops at its first turn that does not fit, so the farthest turns drop first.
    /// <paramref name="maxTurns"/> &gt; 0 caps the turns per side (0: as many as fit). Mean pooling averages over the
    /// target's own word pieces (<see cref="BertTokens.PoolStart"/>..<see cref="BertTokens.PoolEnd"/>); [CLS] pooling takes [CLS].
    /// </summary>
    public static BertTokens[] EncodeEmoBerta(BertTextTokenizer tokenizer, IReadOnlyList<(string Speaker, string? Text)> turns, int maxTurns, bool pastOnly)
    {
        var turn = EmoBertaTurns(tokenizer, turns, maxTurns, pastOnly);
        var result = new BertTokens[turns.Count];
        for (int u = 0; u < turns.Count; u++) result[u] = turn(u);
        return result;
    }

    /// <summary>The ids of the <b>last</b> of <paramref name="turns"/> in the past-only EmoBERTa layout: what
    /// <see cref="EncodeEmoBerta"/> gives for that turn with <c>pastOnly</c>, tokenizing only the turns it reads (a live
    /// conversation's new turn, read with the turns before it).</summary>
    public static BertTokens EncodeEmoBertaPastOnlyLast(BertTextTokenizer tokenizer, IReadOnlyList<(string Speaker, string? Text)> turns, int maxTurns)
    {
        if (turns.Count == 0) throw new ArgumentException("there is no turn to read.", nameof(turns));
        return EmoBertaTurns(tokenizer, turns, maxTurns, pastOnly: true)(turns.Count - 1);
    }

    /// <summary>Turn u's ids in the EmoBERTa layout, each turn's word pieces made once, when first needed.</summary>
    private static Func<int, BertTokens> EmoBertaTurns(BertTextTokenizer tokenizer, IReadOnlyList<(string Speaker, string? Text)> turns, int maxTurns, bool pastOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTurns);
        var pieces = new List<int>?[turns.Count];
        List<int> Turn(int i) => pieces[i] ??= tokenizer.Pieces($"{turns[i].Speaker}: {turns[i].Text}");
        int specials = pastOnly ? 3 : 4, max = tokenizer.MaxTokens;
        if (max < specials + 1) throw new ArgumentOutOfRangeException(nameof(tokenizer), $"the EmoBERTa layout needs at least {specials + 1} tokens; the tokenizer allows {max}.");
        int reach = maxTurns > 0 ? maxTurns : turns.Count;

        return u =>
        {
            var target = Turn(u);
            int keep = Math.Min(target.Count, max - specials), room = max - specials - keep;
            var past = new List<int>();
            var future = new List<int>();
            bool pastOpen = true, futureOpen = !pastOnly;
            for (int k = 1; k <= reach && (pastOpen || futureOpen); k++)
            {
                if (pastOpen)
                {
                    if (u - k < 0) pastOpen = false;
                    else if (Turn(u - k).Count <= room) { past.InsertRange(0, Turn(u - k)); room -= Turn(u - k).Count; }
                    else pastOpen = false;
                }
                if (futureOpen)
                {
                    if (u + k >= turns.Count) futureOpen = false;
                    else if (Turn(u + k).Count <= room) { future.AddRange(Turn(u + k)); room -= Turn(u + k).Count; }
                    else futureOpen = false;
                }
            }
            var ids = new List<int>(max) { tokenizer.ClsId };
            ids.AddRange(past);
            ids.Add(tokenizer.SepId);
            int start = ids.Count;
            ids.AddRange(target.Take(keep));
            int end = ids.Count;
            ids.Add(tokenizer.SepId);
            if (!pastOnly)
            {
                ids.AddRange(future);
                ids.Add(tokenizer.SepId);
            }
            return new BertTokens(ids.ToArray(), target.Count > keep, target.Count + specials) { PoolStart = start, PoolEnd = end };
        };
    }

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
            result[u] = new BertTokens(ids.ToArray(), pieces.Count > keep, pieces.Count + 2) { PoolEnd = poolLength };
        }
        return result;
    }
}
