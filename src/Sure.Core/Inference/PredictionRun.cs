using Sure.Evaluation;
using Sure.Text;

namespace Sure.Inference;

/// <summary>A conversation most of whose words the model's text front end does not know.</summary>
/// <param name="ConversationId">the conversation.</param>
/// <param name="Share">known words / words, over the turns the front end read (0–1).</param>
/// <param name="Words">the word tokens of those turns.</param>
public sealed record UnknownWordsNote(string ConversationId, double Share, int Words);

/// <summary>What a <see cref="PredictionRun"/> did.</summary>
/// <param name="Conversations">conversations labelled.</param>
/// <param name="Turns">turns labelled (= records written).</param>
/// <param name="Metrics">metrics over the turns with a gold label; null when none had one.</param>
/// <param name="LowKnownWords">the first <see cref="PredictionRun.MaxNotes"/> conversations with a known-word share
/// under <see cref="PredictionRun.LowKnownWordShare"/>.</param>
/// <param name="LowKnownWordCount">how many conversations had such a share (listed or not).</param>
/// <param name="SkippedGold">gold labels that are none of the model's classes (after the label map, if any) → how many
/// turns had them: those turns are labelled and written but left out of <paramref name="Metrics"/>. Empty when none.</param>
public sealed record PredictionSummary(
    int Conversations, long Turns, ClassificationReport? Metrics, IReadOnlyList<UnknownWordsNote> LowKnownWords, int LowKnownWordCount,
    IReadOnlyDictionary<string, int>? SkippedGold = null)
{
    /// <summary>How many labelled turns were left out of the metrics.</summary>
    public int SkippedGoldTurns => SkippedGold?.Values.Sum() ?? 0;
}

/// <summary>
/// Labels a stream of conversations and writes one record per turn as it goes, in input order; memory stays bounded
/// whatever the input's length (one conversation, or one group of conversations, at a time; for metrics, two ints per labelled turn). The predictor
/// is any function from a conversation to its turns' predictions (<see cref="SurePredictor.Predict"/>, or a fake).
/// <code>
/// using var predictor = SurePredictor.Open("model.sure");
/// var writer = new PredictionWriter(Console.Out, PredictionFormat.Jsonl, predictor.ClassNames);
/// var summary = PredictionRun.Run(ConversationReader.Read("calls.txt"), predictor.Predict, predictor.ClassNames, writer, "calls.txt");
/// </code>
/// </summary>
public static class PredictionRun
{
    /// <summary>A conversation whose known-word share is under this is noted.</summary>
    public const double LowKnownWordShare = 0.5;

    /// <summary>At most this many low-share conversations are listed in the summary.</summary>
    public const int MaxNotes = 10;

    /// <param name="conversations">the input, enumerated once.</param>
    /// <param name="predict">labels one conversation: one prediction per turn, in order.</param>
    /// <param name="classNames">the model's classes. A gold label is matched to them exactly, then ignoring case, after
    /// <paramref name="labelMap"/> when given; a gold label that matches none is kept in the output ("gold") but left
    /// out of the metrics and counted in <see cref="PredictionSummary.SkippedGold"/>.</param>
    /// <param name="writer">receives each turn's record.</param>
    /// <param name="source">names the input in errors (a file, or "stdin").</param>
    /// <param name="afterConversation">called after each conversation's records are written (progress).</param>
    /// <param name="labelMap">maps the input's gold labels to the model's classes (<c>--label-map</c>); null for none.</param>
    public static PredictionSummary Run(IEnumerable<Conversation> conversations, Func<Conversation, IReadOnlyList<TurnPrediction>> predict,
        IReadOnlyList<string> classNames, PredictionWriter writer, string source, Action<Conversation>? afterConversation = null, Data.Formats.LabelMap? labelMap = null)
    {
        ArgumentNullException.ThrowIfNull(predict);
        return Run(conversations, batch => [.. batch.Select(predict)], 1, classNames, writer, source, afterConversation, labelMap);
    }

    /// <summary>As <see cref="Run(IEnumerable{Conversation}, Func{Conversation, IReadOnlyList{TurnPrediction}}, IReadOnlyList{string}, PredictionWriter, string, Action{Conversation}?, Data.Formats.LabelMap?)"/>,
    /// labelling the input in groups of conversations (<see cref="SurePredictor.PredictMany"/>): a group is read until it
    /// holds at least <paramref name="groupTurns"/> turns (or the input ends), labelled, and written in input order, so
    /// memory stays bounded by the group.</summary>
    /// <param name="predictMany">labels a group: one list per conversation, in order, one prediction per turn.</param>
    /// <param name="groupTurns">turns per group (at least 1; 1: one conversation at a time).</param>
    public static PredictionSummary Run(IEnumerable<Conversation> conversations, Func<IReadOnlyList<Conversation>, IReadOnlyList<IReadOnlyList<TurnPrediction>>> predictMany,
        int groupTurns, IReadOnlyList<string> classNames, PredictionWriter writer, string source, Action<Conversation>? afterConversation = null, Data.Formats.LabelMap? labelMap = null)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(predictMany);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupTurns, 1);
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < classNames.Count; c++) classIndex[classNames[c]] = c;
        var gold = new List<int>();
        var predicted = new List<int>();
        var notes = new List<UnknownWordsNote>();
        int conversationCount = 0, lowCount = 0;
        long turnCount = 0;
        var group = new List<(Conversation Original, Conversation Input, int[] Golds)>();
        var groupSize = 0;

        void Flush()
        {
            if (group.Count == 0) return;
            var all = predictMany([.. group.Select(g => g.Input)]);
            if (all.Count != group.Count)
                throw new InvalidOperationException($"The predictor returned predictions for {all.Count} of {group.Count} conversations.");
            for (var k = 0; k < group.Count; k++)
            {
                var (conversation, _, golds) = group[k];
                var predictions = all[k];
                if (predictions.Count != conversation.Turns.Count)
                    throw new InvalidOperationException($"The predictor returned {predictions.Count} predictions for the {conversation.Turns.Count} turns of conversation {conversation.Id}.");
                for (var i = 0; i < predictions.Count; i++)
                {
                    var p = predictions[i];
                    if (golds[i] >= 0 && p.Gold != classNames[golds[i]]) p = p with { Gold = classNames[golds[i]] };
                    if (golds[i] == Unknown) p = p with { Gold = conversation.Turns[i].Label }; // written as given, not scored
                    writer.Write(p);
                    if (golds[i] < 0) continue;
                    gold.Add(golds[i]);
                    predicted.Add(classIndex.TryGetValue(p.Label, out var l) ? l
                        : throw new InvalidOperationException($"The predictor returned label '{p.Label}', not one of the model's classes."));
                }
                conversationCount++;
                turnCount += predictions.Count;
                if (KnownWordShare(conversation, predictions) is { } note && note.Share < LowKnownWordShare)
                {
                    lowCount++;
                    if (notes.Count < MaxNotes) notes.Add(note);
                }
                afterConversation?.Invoke(conversation);
            }
            group.Clear();
            groupSize = 0;
        }

        foreach (var conversation in conversations)
        {
            var golds = conversation.Turns.Select(t => t.Label is null ? -1 : GoldIndex(t.Label, classIndex, classNames, labelMap)).ToArray();
            for (var i = 0; i < golds.Length; i++)
                if (golds[i] == Unknown) skipped[conversation.Turns[i].Label!] = skipped.GetValueOrDefault(conversation.Turns[i].Label!) + 1;
            // the predictor sees the gold labels as the model's classes, or none where a label is not one of them
            var asModel = golds.Select((g, i) => g >= 0 ? classNames[g] : null).ToArray();
            var input = conversation.Turns.Select((t, i) => t.Label == asModel[i] ? t : t with { Label = asModel[i] }).ToList();
            group.Add((conversation, input.SequenceEqual(conversation.Turns) ? conversation : conversation with { Turns = input }, golds));
            groupSize += conversation.Turns.Count;
            if (groupSize >= groupTurns) Flush();
        }
        Flush();
        writer.Flush();
        var metrics = gold.Count > 0 ? Metrics.Compute(gold.ToArray(), predicted.ToArray(), classNames.ToArray()) : null;
        return new PredictionSummary(conversationCount, turnCount, metrics, notes, lowCount, skipped);
    }

    /// <summary>The share of a conversation's words the model knows: each turn's share weighted by its word tokens
    /// (<see cref="Tokenizer"/> tokens holding a letter or digit); null when no turn has a share.</summary>
    public static UnknownWordsNote? KnownWordShare(Conversation conversation, IReadOnlyList<TurnPrediction> predictions)
    {
        double known = 0;
        var words = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            if (predictions[i].KnownWordShare is not { } share) continue;
            var n = Tokenizer.Tokenize(conversation.Turns[i].Text).Count(t => t.Any(char.IsLetterOrDigit));
            known += share * n;
            words += n;
        }
        return words == 0 ? null : new UnknownWordsNote(conversation.Id, known / words, words);
    }

    /// <summary><see cref="GoldIndex"/> of a label that is none of the model's classes.</summary>
    private const int Unknown = -2;

    /// <summary>The class index of a gold label: mapped by <paramref name="labelMap"/> when it names it, then matched
    /// exactly, then ignoring case (when that is unambiguous); <see cref="Unknown"/> when none matches.</summary>
    private static int GoldIndex(string label, Dictionary<string, int> classIndex, IReadOnlyList<string> classNames, Data.Formats.LabelMap? labelMap)
    {
        if (labelMap?.Map(label) is { } mapped) label = mapped;
        if (classIndex.TryGetValue(label, out var k)) return k;
        var folded = classNames.Select((c, i) => (c, i)).Where(x => string.Equals(x.c, label.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return folded.Count == 1 ? folded[0].i : Unknown;
    }
}
