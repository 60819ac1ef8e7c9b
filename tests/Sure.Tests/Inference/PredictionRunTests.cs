using System.Text.Json;
using Sure.Inference;

namespace Sure.Tests.Inference;

public class PredictionRunTests
{
    private static readonly string[] Classes = FakePredictor.Classes;

    private static Conversation Talk(string id, params (string Text, string? Gold)[] turns) =>
        new(id, turns.Select((t, i) => new Turn(i % 2 == 0 ? "A" : "B", t.Text, t.Gold)).ToList());

    private static (PredictionSummary Summary, string[] Lines) Run(IEnumerable<Conversation> input, FakePredictor? fake = null)
    {
        fake ??= new FakePredictor();
        var text = new StringWriter();
        var summary = PredictionRun.Run(input, fake.Predict, Classes, new PredictionWriter(text, PredictionFormat.Jsonl, Classes), "in");
        return (summary, text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Writes_one_record_per_turn_in_input_order()
    {
        var fake = new FakePredictor();
        var (summary, lines) = Run([Talk("c1", ("hi", null), ("no!", null), ("ok", null)), Talk("c2", ("bye", null))], fake);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["c1#0 hi neu", "c1#1 no! ang", "c1#2 ok neu", "c2#0 bye neu"],
            records.Select(r => $"{r.GetProperty("conversation").GetString()}#{r.GetProperty("index").GetInt32()} {r.GetProperty("text").GetString()} {r.GetProperty("label").GetString()}"));
        Assert.All(records, r => Assert.False(r.TryGetProperty("gold", out _)));
        Assert.Equal((2, 4L), (summary.Conversations, summary.Turns));
        Assert.Equal(2, fake.Calls);
        Assert.Null(summary.Metrics);
    }

    [Fact]
    public void Grouped_runs_read_groups_of_at_least_the_given_turns_and_write_the_same_records_in_input_order()
    {
        var input = new[] { Talk("c1", ("a", "neu"), ("b!", "ang")), Talk("c2", ("c", null)), Talk("c3", ("d!", "JOY"), ("e", null), ("f", "neu")), Talk("c4", ("g", null)) };
        var (one, oneLines) = Run(input);
        var groups = new List<string[]>();
        var fake = new FakePredictor();
        var text = new StringWriter();
        var summary = PredictionRun.Run(input, batch => { groups.Add([.. batch.Select(c => c.Id)]); return [.. batch.Select(fake.Predict)]; }, 3,
            Classes, new PredictionWriter(text, PredictionFormat.Jsonl, Classes), "in");
        // 2 + 1 turns reach 3: c1, c2; then c3 alone has 3; c4 is what is left at the end
        Assert.Equal([["c1", "c2"], ["c3"], ["c4"]], groups);
        Assert.Equal(oneLines, text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal((one.Conversations, one.Turns, one.Metrics!.Accuracy), (summary.Conversations, summary.Turns, summary.Metrics!.Accuracy));
    }

    [Fact]
    public void Labelled_turns_give_metrics_and_gold_as_the_model_names_it_in_the_records()
    {
        // predicted: neu, ang, neu, neu, (unlabelled) ang; gold: neu, ang, ang, joy → 2 of 4 right
        var (summary, lines) = Run([Talk("c1", ("a", "neu"), ("b!", "ang"), ("c", "ang")), Talk("c2", ("d", "JOY"), ("e!", null))]);
        var m = summary.Metrics!;
        Assert.Equal(4, m.Count);
        Assert.Equal(0.5, m.Accuracy, 10);
        Assert.Equal([1, 2, 1], m.PerClass.Select(c => c.Support));
        Assert.Equal([1, 1, 0], m.Confusion[1]); // gold ang: one predicted neu, one ang
        Assert.Equal(["neu", "ang", "ang", "joy", null], lines.Select(l => JsonDocument.Parse(l).RootElement.TryGetProperty("gold", out var g) ? g.GetString() : null));
    }

    [Fact]
    public void A_gold_label_the_model_does_not_have_is_counted_and_left_out_of_the_metrics_and_the_predictor_never_sees_it()
    {
        var seen = new List<string?>();
        var fake = new FakePredictor();
        IReadOnlyList<TurnPrediction> Spy(Conversation c) { seen.AddRange(c.Turns.Select(t => t.Label)); return fake.Predict(c); }
        var text = new StringWriter();
        var summary = PredictionRun.Run([Talk("c1", ("a", "neu"), ("b", "happy"), ("c", "happy"))], Spy, Classes, new PredictionWriter(text, PredictionFormat.Jsonl, Classes), "in");
        Assert.Equal(["neu", null, null], seen);
        Assert.Equal(new Dictionary<string, int> { ["happy"] = 2 }, summary.SkippedGold);
        Assert.Equal(2, summary.SkippedGoldTurns);
        Assert.Equal(1, summary.Metrics!.Count);
        Assert.Equal(["neu", "happy", "happy"], text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("gold").GetString()));
    }

    [Fact]
    public void A_label_map_is_applied_before_the_exact_then_case_blind_match()
    {
        var map = Sure.Data.Formats.LabelMap.Parse(["happy=joy", "Anger = ANG"], "map");
        var text = new StringWriter();
        var summary = PredictionRun.Run([Talk("c1", ("a", "happy"), ("b!", "anger"), ("c", "neu"))], new FakePredictor().Predict, Classes,
            new PredictionWriter(text, PredictionFormat.Jsonl, Classes), "in", labelMap: map);
        Assert.Empty(summary.SkippedGold!);
        Assert.Equal([1, 1, 1], summary.Metrics!.PerClass.Select(c => c.Support)); // neu, ang, joy
    }

    [Fact]
    public void Conversations_with_few_known_words_are_noted_capped_and_counted()
    {
        var input = Enumerable.Range(0, 12).Select(i => Talk($"u{i}", ("zzz qqq", null), ("ok", null)))
            .Append(Talk("fine", ("zzz", null), ("all known words here", null)));
        var (summary, _) = Run(input);
        Assert.Equal(12, summary.LowKnownWordCount);
        Assert.Equal(PredictionRun.MaxNotes, summary.LowKnownWords.Count);
        Assert.Equal(new UnknownWordsNote("u0", 1.0 / 3, 3), summary.LowKnownWords[0]);
        Assert.DoesNotContain(summary.LowKnownWords, n => n.ConversationId == "fine"); // 4 of 5 words known
    }

    [Fact]
    public void Records_are_written_as_each_conversation_is_done_for_100000_turns()
    {
        var text = new CountingWriter();
        var writer = new PredictionWriter(text, PredictionFormat.Csv, Classes);
        IEnumerable<Conversation> Input()
        {
            for (var i = 0; i < 10_000; i++)
            {
                // the turns of every earlier conversation are out before the next one is read
                Assert.Equal(10L * i, writer.Count);
                yield return new Conversation($"c{i}", Enumerable.Range(0, 10).Select(k => new Turn("A", $"turn {k}!", k % 2 == 0 ? "ang" : "neu")).ToList());
            }
        }
        var summary = PredictionRun.Run(Input(), new FakePredictor().Predict, Classes, writer, "in");
        Assert.Equal(100_000L, summary.Turns);
        Assert.Equal(100_001, text.Lines); // header + one row per turn
        Assert.Equal(0.5, summary.Metrics!.Accuracy, 10);
    }

    /// <summary>Counts lines and keeps nothing.</summary>
    private sealed class CountingWriter : TextWriter
    {
        public int Lines { get; private set; }
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) { if (value == '\n') Lines++; }
        public override void Write(string? value) => Lines += value?.Count(c => c == '\n') ?? 0;
    }
}
