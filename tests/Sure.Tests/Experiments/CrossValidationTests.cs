using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.Experiments;
using Sure.Reporting;

namespace Sure.Tests.Experiments;

/// <summary>Group-wise cross-validation: parsing "key[:K]", grouping dialogues, dealing groups to folds, and a fold's splits.</summary>
public class CrossValidationTests
{
    /// <summary>A dataset of single-speaker dialogues: (dialogue id, speaker, utterances), every one in the train split.</summary>
    private static ConversationDataset Data(params (string Id, string Speaker, int Utterances)[] dialogues) => new()
    {
        Name = "made-up",
        ClassNames = ["a", "b"],
        Dialogues = [.. dialogues.Select(d => new Dialogue
        {
            Id = d.Id,
            Split = Split.Train,
            Utterances = [.. Enumerable.Range(0, d.Utterances).Select(i => new Utterance { Speaker = d.Speaker, Label = i % 2 })],
        })],
    };

    [Theory]
    [InlineData("speaker", "speaker", null)]
    [InlineData("speaker:5", "speaker", 5)]
    [InlineData(" Session:2 ", "session", 2)]
    [InlineData("dialogue", "dialogue", null)]
    public void Parse_KeyAndFolds(string text, string key, int? folds)
    {
        var g = CvGrouping.Parse(text);
        Assert.Equal(new CvGrouping(key, folds), g);
        Assert.Equal(folds is null ? key : $"{key}:{folds}", g.ToString());
    }

    [Theory]
    [InlineData("voice", "expected speaker, dialogue, session")]
    [InlineData("speaker:1", "K must be a whole number of folds ≥ 2")]
    [InlineData("speaker:x", "K must be")]
    [InlineData("speaker:-3", "K must be")]
    [InlineData("speaker:2:3", "expected speaker")]
    public void Parse_Errors_AreOneLine(string text, string expected)
    {
        var e = Assert.Throws<SureUserException>(() => CvGrouping.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains($"'{text}'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("Ses01F_impro01", "Ses01")]
    [InlineData("Ses05M_script02_2", "Ses05")]
    [InlineData("Ses03", "Ses03")]
    public void Session_IsTheSesPrefix(string id, string session) =>
        Assert.Equal(session, CvGrouping.Parse("session").GroupOf(new Dialogue { Id = id, Utterances = [new Utterance { Speaker = "M" }] }));

    [Theory]
    [InlineData("impro01")]
    [InlineData("ses01F_impro01")]
    [InlineData("Session")]
    public void Session_WithoutPrefix_NamesTheDialogue(string id)
    {
        var e = Assert.Throws<SureUserException>(() => CvGrouping.Parse("session").GroupOf(new Dialogue { Id = id, Utterances = [new Utterance { Speaker = "M" }] }));
        Assert.Equal($"--cv session: dialogue '{id}' has no IEMOCAP session prefix (Ses01…Ses05, as in Ses01F_impro01); use --cv dialogue or --cv speaker.", e.Message);
    }

    [Fact]
    public void Speaker_OfADialogueWithSeveralSpeakers_IsAOneLineErrorSuggestingOtherGroupings()
    {
        var d = new Dialogue { Id = "Ses01F_impro01", Utterances = [new Utterance { Speaker = "M" }, new Utterance { Speaker = "F" }, new Utterance { Speaker = "M" }] };
        var e = Assert.Throws<SureUserException>(() => CvGrouping.Parse("speaker:5").GroupOf(d));
        Assert.Equal("--cv speaker:5: dialogue 'Ses01F_impro01' has 2 speakers (M, F), so it cannot be left out by speaker; use --cv session or --cv dialogue.", e.Message);
        Assert.Equal("M", CvGrouping.Parse("speaker").GroupOf(new Dialogue { Id = "x", Utterances = [new Utterance { Speaker = "M" }, new Utterance { Speaker = "M" }] }));
        Assert.Equal("Ses01F_impro01", CvGrouping.Parse("dialogue").GroupOf(d));
    }

    [Fact]
    public void LeaveOneOut_OneFoldPerGroup_InOrdinalOrder()
    {
        var plan = CvPlan.Create(Data(("d1", "s2", 3), ("d2", "s1", 2), ("d3", "s3", 1), ("d4", "s2", 4)), CvGrouping.Parse("speaker"));
        Assert.Equal(3, plan.Count);
        Assert.Equal(new[] { "s1" }, plan.FoldGroups[0]);
        Assert.Equal(new[] { "s2" }, plan.FoldGroups[1]);
        Assert.Equal(new[] { "s3" }, plan.FoldGroups[2]);
        Assert.Equal(7, plan.GroupUtterances["s2"]);
    }

    [Fact]
    public void KFolds_AreBalancedByUtterances_HandWorked()
    {
        // speakers by size a:10 b:8 c:7 d:5 e:4 f:2 (one dialogue each), K = 3; largest first, each to the lightest fold:
        // a→1 (10,0,0)  b→2 (10,8,0)  c→3 (10,8,7)  d→3 (10,8,12)  e→2 (10,12,12)  f→1 (12,12,12)
        var data = Data(("x1", "f", 2), ("x2", "e", 4), ("x3", "d", 5), ("x4", "c", 7), ("x5", "b", 8), ("x6", "a", 10));
        var plan = CvPlan.Create(data, CvGrouping.Parse("speaker:3"));
        Assert.Equal(new[] { "a", "f" }, plan.FoldGroups[0]);
        Assert.Equal(new[] { "b", "e" }, plan.FoldGroups[1]);
        Assert.Equal(new[] { "c", "d" }, plan.FoldGroups[2]);
        Assert.Equal(2, plan.FoldOf("e"));
        // the dialogues' order does not matter
        data.Dialogues.Reverse();
        Assert.Equal(plan.FoldGroups, CvPlan.Create(data, CvGrouping.Parse("speaker:3")).FoldGroups);
    }

    [Fact]
    public void TooFewGroups_AndTooManyFolds_AreOneLineErrors()
    {
        var two = Data(("d1", "s1", 2), ("d2", "s2", 2));
        Assert.Equal("--cv speaker: the data has 2 speakers; cross-validation needs at least 3 (one held out, one for validation, one for training).",
            Assert.Throws<SureUserException>(() => CvPlan.Create(two, CvGrouping.Parse("speaker"))).Message);
        var four = Data(("d1", "s1", 2), ("d2", "s2", 2), ("d3", "s3", 2), ("d4", "s4", 2));
        Assert.Equal("--cv speaker:5: 4 speakers cannot fill 5 folds; use at most 4 or leave ':K' out (one fold per speaker).",
            Assert.Throws<SureUserException>(() => CvPlan.Create(four, CvGrouping.Parse("speaker:5"))).Message);
        // K = 2 over 3 speakers (sizes 9, 1, 1): fold 1 = {big}, fold 2 = {s1, s2} leaves only the big one
        var lopsided = Data(("d1", "big", 9), ("d2", "s1", 1), ("d3", "s2", 1));
        Assert.Equal("--cv speaker:2: fold 2 holds out 2 speakers of 3, leaving 1 speaker; validation and training need one each (use more folds).",
            Assert.Throws<SureUserException>(() => CvPlan.Create(lopsided, CvGrouping.Parse("speaker:2"))).Message);
    }

    [Fact]
    public void Apply_IgnoresTheDataSplits_AndHoldsOutTheFold()
    {
        var data = Data(("d1", "s1", 4), ("d2", "s2", 4), ("d3", "s3", 4), ("d4", "s4", 4), ("d5", "s1", 2));
        data.Dialogues[0].Split = Split.Valid;
        data.Dialogues[1].Split = Split.Test;
        var plan = CvPlan.Create(data, CvGrouping.Parse("speaker"));
        var fold = plan.Apply(data, 1, 0.1, seed: 7);
        Assert.Equal(new[] { "s1" }, fold.TestGroups);
        Assert.Equal(new[] { "d1", "d5" }, data.In(Split.Test).Select(d => d.Id));
        Assert.Single(fold.ValidGroups); // 10% of the 12 other utterances: one speaker already holds 4
        Assert.Equal(2, fold.TrainGroups);
        Assert.Equal((6, 4, 8), (fold.TestUtterances, fold.ValidUtterances, fold.TrainUtterances));
        Assert.Equal((1, 4, "speaker"), (fold.Fold, fold.Folds, fold.Grouping));
        // a large fraction takes groups until it is reached, but always leaves one for training
        var big = plan.Apply(data, 2, 0.99, seed: 7);
        Assert.Equal(2, big.ValidGroups.Count);
        Assert.Equal(1, big.TrainGroups);
        Assert.Contains("does not exist", Assert.Throws<SureUserException>(() => plan.Apply(data, 5, 0.1, 1)).Message);
    }

    [Fact]
    public void RandomLayouts_FoldsNeverShareAGroup_EachGroupIsTestedOnce_AndSplitsAreDisjoint()
    {
        var rng = new Random(2026);
        int checkedPlans = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            int speakers = rng.Next(3, 13);
            var dialogues = new List<(string, string, int)>();
            for (int s = 0; s < speakers; s++)
                for (int k = rng.Next(1, 5); k > 0; k--)
                    dialogues.Add(($"d{dialogues.Count}", $"spk{s}", rng.Next(1, 8)));
            var data = Data([.. dialogues.OrderBy(_ => rng.Next())]);
            int? folds = rng.Next(3) == 0 ? null : rng.Next(2, speakers + 1);
            var grouping = new CvGrouping("speaker", folds);
            CvPlan plan;
            try
            {
                plan = CvPlan.Create(data, grouping);
            }
            catch (SureUserException e)
            {
                Assert.Contains("validation and training need one each", e.Message); // only a fold too large to leave two groups
                continue;
            }
            checkedPlans++;
            var groups = dialogues.Select(d => d.Item2).Distinct().ToList();
            Assert.Equal(folds ?? speakers, plan.Count);
            // every group in exactly one fold
            Assert.Equal(groups.Order(StringComparer.Ordinal), plan.FoldGroups.SelectMany(f => f).Order(StringComparer.Ordinal));
            Assert.All(plan.FoldGroups, f => Assert.NotEmpty(f));
            if (folds is not null)
            {
                // balance: fold sizes differ by at most the largest group
                var totals = plan.FoldGroups.Select(f => f.Sum(g => plan.GroupUtterances[g])).ToList();
                Assert.True(totals.Max() - totals.Min() <= plan.GroupUtterances.Values.Max(), $"trial {trial}: {string.Join(",", totals)}");
            }
            var tested = new List<string>();
            for (int f = 1; f <= plan.Count; f++)
            {
                var fold = plan.Apply(data, f, rng.NextDouble() * 0.5 + 0.01, rng.Next());
                var bySplit = Enum.GetValues<Split>().ToDictionary(s => s, s => data.In(s).Select(d => d.Utterances[0].Speaker).ToHashSet());
                Assert.Equal(fold.TestGroups.ToHashSet(), bySplit[Split.Test]);
                Assert.Equal(fold.ValidGroups.ToHashSet(), bySplit[Split.Valid]);
                Assert.NotEmpty(bySplit[Split.Valid]);
                Assert.NotEmpty(bySplit[Split.Train]);
                Assert.Empty(bySplit[Split.Test].Intersect(bySplit[Split.Valid]));
                Assert.Empty(bySplit[Split.Test].Intersect(bySplit[Split.Train]));
                Assert.Empty(bySplit[Split.Valid].Intersect(bySplit[Split.Train]));
                Assert.Equal(data.Dialogues.Sum(d => d.Count), fold.TestUtterances + fold.ValidUtterances + fold.TrainUtterances);
                tested.AddRange(fold.TestGroups);
            }
            Assert.Equal(groups.Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal)); // each group tested exactly once
        }
        Assert.True(checkedPlans > 200, $"only {checkedPlans} plans checked");
    }

    [Fact]
    public void Grid_HasOneRunPerFold_UnderSeedFolders()
    {
        var grid = ExperimentGrid.Create(new SureConfig { Seed = 1 }, VariantParser.Parse("full,no-moe"), [1, 2], "/tmp/cv-grid", CvGrouping.Parse("speaker:3"), 3);
        Assert.Equal(2 * 2 * 3, grid.Runs.Count);
        Assert.Equal(3, grid.Folds);
        var r = grid.Runs[4]; // full, seed 2, fold 2
        Assert.Equal(("full", 2, 2), (r.Variant, r.Seed, r.Fold));
        Assert.Equal(Path.Combine("/tmp/cv-grid", "full", "seed-2", "fold-2"), r.RunDir);
        Assert.Equal(("speaker:3", 2, r.RunDir), (r.Config.Cv, r.Config.CvFold, r.Config.Out));
        Assert.Equal("full seed 2 fold 2", r.Label);
        // without --cv nothing changes, and the config leaves cv out
        var plain = ExperimentGrid.Create(new SureConfig { Seed = 1 }, "full", 2, "/tmp/cv-grid");
        Assert.Null(plain.Runs[0].Fold);
        Assert.DoesNotContain("\"cv", plain.Runs[0].Config.ToJson());
        Assert.Contains("\"cvFold\": 2", r.Config.ToJson());
    }

    [Fact]
    public void Config_CvAndFoldGoTogether()
    {
        Assert.Contains("cvFold", Assert.Throws<SureUserException>(() => new SureConfig { Cv = "speaker" }.Validate()).Message);
        Assert.Contains("cvFold", Assert.Throws<SureUserException>(() => new SureConfig { Cv = "speaker:3", CvFold = 4 }.Validate()).Message);
        Assert.Contains("cvFold needs cv", Assert.Throws<SureUserException>(() => new SureConfig { CvFold = 1 }.Validate()).Message);
        var ok = new SureConfig { Cv = "session:5", CvFold = 5 }.Validate();
        var back = SureConfig.FromJson(ok.ToJson());
        Assert.Equal(("session:5", 5), (back.Cv, back.CvFold));
    }
}
