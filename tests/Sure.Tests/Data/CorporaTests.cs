using Sure.Configuration;
using Sure.Data;
using Sure.Data.Formats;
using Sure.Errors;
using Sure.Loading;
using Sure.Tests.Cli;

namespace Sure.Tests.Data;

/// <summary>Training across corpora (issue 25, item 4): labels mapped into one class set, speakers and dialogues kept
/// apart per corpus, splits kept per corpus, unmapped labels counted, a map into an unknown class one line.</summary>
public class CorporaTests
{
    // Corpus "acted": IEMOCAP-like labels; corpus "sitcom": MELD-like labels. Both have a dialogue "d1" and a speaker "A".
    private const string Acted =
        "{\"sure_format\": 1, \"classes\": [\"hap\", \"exc\", \"fru\", \"neu\", \"oth\"]}\n"
        + "{\"id\": \"d1\", \"split\": \"train\", \"utterances\": [{\"speaker\": \"A\", \"label\": \"hap\", \"features\": {\"text\": [1, 0]}}, {\"speaker\": \"B\", \"label\": \"exc\", \"features\": {\"text\": [0, 1]}}]}\n"
        + "{\"id\": \"d2\", \"split\": \"test\", \"utterances\": [{\"speaker\": \"A\", \"label\": \"fru\", \"features\": {\"text\": [1, 1]}}, {\"speaker\": \"B\", \"label\": \"oth\", \"features\": {\"text\": [0, 0]}}, {\"speaker\": \"A\", \"label\": \"oth\", \"features\": {\"text\": [0, 0]}}]}\n"
        + "{\"id\": \"d3\", \"split\": \"valid\", \"utterances\": [{\"speaker\": \"A\", \"label\": \"neu\", \"features\": {\"text\": [2, 0]}}]}\n";

    private const string Sitcom =
        "{\"sure_format\": 1, \"classes\": [\"neutral\", \"joy\", \"anger\", \"fear\"]}\n"
        + "{\"id\": \"d1\", \"split\": \"train\", \"utterances\": [{\"speaker\": \"A\", \"label\": \"fear\", \"features\": {\"text\": [3, 0]}}, {\"speaker\": \"C\", \"label\": \"neutral\", \"features\": {\"text\": [0, 3]}}]}\n"
        + "{\"id\": \"d9\", \"split\": \"test\", \"utterances\": [{\"speaker\": \"A\", \"label\": \"joy\", \"features\": {\"text\": [1, 2]}}]}\n";

    private static readonly string[] Target = ["neutral", "joy", "anger", "fear"];

    private static List<(CorpusSpec, ConversationDataset)> Loaded(TempDir tmp, string actedUse = "all", string sitcomUse = "all", string actedMap = "hap=joy,exc=joy,fru=anger,neu=neutral")
    {
        var acted = tmp.Write("acted.jsonl", Acted);
        var sitcom = tmp.Write("sitcom.jsonl", Sitcom);
        return
        [
            (new CorpusSpec { Data = acted, LabelMap = actedMap, Use = actedUse }, DatasetLoader.Load(acted)),
            (new CorpusSpec { Data = sitcom, Use = sitcomUse }, DatasetLoader.Load(sitcom)),
        ];
    }

    [Fact]
    public void Speakers_and_dialogues_of_two_corpora_stay_apart_and_keep_their_splits()
    {
        using var tmp = new TempDir();
        var ds = Corpora.Combine(Loaded(tmp), Target).Dataset;
        Assert.Equal(["acted/d1", "acted/d2", "acted/d3", "sitcom/d1", "sitcom/d9"], ds.Dialogues.Select(d => d.Id));
        Assert.Equal([Split.Train, Split.Test, Split.Valid, Split.Train, Split.Test], ds.Dialogues.Select(d => d.Split));
        // speaker A of one corpus is not speaker A of the other
        Assert.Equal(["acted/A", "acted/B", "sitcom/A", "sitcom/C"], ds.Speakers());
        Assert.Equal(Target, ds.ClassNames);
        Assert.Equal("acted+sitcom", ds.Name);
        Assert.Equal([3f, 0f], ds.Dialogues[3].Utterances[0][Modality.Text]!);
    }

    [Fact]
    public void Labels_are_mapped_into_the_target_classes_and_unmapped_ones_are_counted()
    {
        using var tmp = new TempDir();
        var result = Corpora.Combine(Loaded(tmp), Target);
        // by hand: hap→joy (1), exc→joy (1), fru→anger (2), oth→none (-1), neu→neutral (0); sitcom's names are the target's
        Assert.Equal([[1, 1], [2, -1, -1], [0], [3, 0], [1]], result.Dataset.Dialogues.Select(d => d.Utterances.Select(u => u.Label).ToArray()));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("corpus 'acted': 2 utterances", warning);
        Assert.Contains("'oth' ×2", warning);
        Assert.Contains("out of the loss and the metrics", warning);
        Assert.Contains(result.Summary, s => s.Contains("hap→joy") && s.Contains("oth→(none)"));
    }

    [Fact]
    public void A_label_mapped_to_a_class_outside_the_target_is_one_line_naming_file_dialogue_and_utterance()
    {
        using var tmp = new TempDir();
        var corpora = Loaded(tmp, actedMap: "hap=joy,exc=joy,fru=frustration,neu=neutral");
        var e = Assert.Throws<SureDataException>(() => Corpora.Combine(corpora, Target));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("acted.jsonl", e.Message);
        Assert.Contains("dialogue d2", e.Message);
        Assert.Contains("utterance 0", e.Message);
        Assert.Contains("the label 'fru' of corpus 'acted' maps to 'frustration', which is not one of the classes (neutral, joy, anger, fear)", e.Message);
    }

    [Fact]
    public void A_corpus_used_for_testing_gives_only_its_test_split_and_one_for_training_drops_it()
    {
        using var tmp = new TempDir();
        var ds = Corpora.Combine(Loaded(tmp, actedUse: "test", sitcomUse: "train"), Target).Dataset;
        Assert.Equal(["acted/d2", "sitcom/d1"], ds.Dialogues.Select(d => d.Id));
        Assert.Equal([Split.Test, Split.Train], ds.Dialogues.Select(d => d.Split));
    }

    [Fact]
    public void Corpus_names_must_differ_and_the_target_classes_are_needed_when_the_labels_differ()
    {
        using var tmp = new TempDir();
        var corpora = Loaded(tmp);
        Assert.Throws<SureUserException>(() => CorpusSpec.Validate([new CorpusSpec { Data = "a/x.pkl" }, new CorpusSpec { Data = "b/x.jsonl" }]));
        var e = Assert.Throws<SureUserException>(() => Corpora.TargetClasses(null, corpora));
        Assert.Contains("classes", e.Message);
        Assert.Equal(["x", "y"], Corpora.TargetClasses("x,y", corpora));
    }

    [Fact]
    public void A_config_file_lists_the_corpora_and_keeps_them_in_config_json()
    {
        const string json = """
            {"corpora": [{"name": "iemocap", "data": "a.pkl", "labelMap": "hap=joy", "use": "test"}, {"data": "b/meld.pkl"}], "classes": "neutral,joy"}
            """;
        var config = SureConfig.FromJson(json).Validate();
        Assert.Equal(["iemocap", "meld"], config.Corpora!.Select(c => c.EffectiveName));
        Assert.Equal("test", config.Corpora![0].Use);
        Assert.Equal("all", config.Corpora![1].Use);
        var again = SureConfig.FromJson(config.ToJson());
        Assert.Equal(config.Corpora, again.Corpora);
        Assert.DoesNotContain("corpora", new SureConfig().ToJson()); // one dataset: config.json as before
        Assert.Throws<SureUserException>(() => (config with { Data = "x.pkl" }).Validate());
        Assert.Throws<SureUserException>(() => SureConfig.FromJson("""{"corpora": [{"data": "a.pkl", "use": "dev"}]}""").Validate());
    }

    [Fact]
    public void An_inline_label_map_reads_like_a_file()
    {
        using var tmp = new TempDir();
        var file = tmp.Write("map.txt", "# comment\nhap = joy\nexc=joy\n");
        foreach (var map in new[] { LabelMap.FromSpec(file), LabelMap.FromSpec("hap=joy,exc=joy") })
        {
            Assert.Equal("joy", map.Map("HAP"));
            Assert.Equal("joy", map.Map("exc"));
            Assert.Null(map.Map("sad"));
        }
        Assert.Throws<SureUserException>(() => LabelMap.FromSpec(tmp.File("missing.txt")));
    }

    [Fact]
    public void Train_takes_several_data_options_with_a_label_map_each()
    {
        using var tmp = new TempDir();
        var acted = tmp.Write("acted.jsonl", Acted);
        var sitcom = tmp.Write("sitcom.jsonl", Sitcom);
        var run = tmp.File("run");
        var (code, output, err) = SureCliRunner.Run("train", "--data", acted, "--data", "tv=" + sitcom, "--label-map", "acted:hap=joy,exc=joy,fru=anger,neu=neutral",
            "--classes", string.Join(",", Target), "--model", "linear", "--epochs", "1", "--threads", "1", "--out", run);
        Assert.True(code == 0, err);
        Assert.Contains("corpus 'tv'", output);
        Assert.Contains("'oth' ×2", output);
        var config = Sure.Runs.RunFolder.ReadConfig(run);
        Assert.Null(config.Data);
        Assert.Equal(["acted", "tv"], config.Corpora!.Select(c => c.Name));
        Assert.Equal(Target, Sure.Runs.RunFolder.ReadModelInfo(run).ClassNames);

        // one corpus's test dialogues: eval --corpus
        var eval = tmp.File("eval-tv.json");
        (code, _, err) = SureCliRunner.Run("eval", "--checkpoint", run, "--corpus", "tv", "--out", eval);
        Assert.True(code == 0, err);
        Assert.Equal("acted+tv, corpus tv", (string?)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(eval))!["dataset"]);
        (code, _, err) = SureCliRunner.Run("eval", "--checkpoint", run, "--corpus", "sitcom");
        Assert.Equal(1, code);
        Assert.Contains("its corpora: acted, tv", err);

        // two corpora: a map must say which one it is for
        (code, _, err) = SureCliRunner.Run("train", "--data", acted, "--data", sitcom, "--label-map", "hap=joy", "--classes", "neutral,joy", "--out", tmp.File("run2"));
        Assert.Equal(1, code);
        Assert.Contains("NAME:MAP", err);
        Assert.Contains("acted, sitcom", err);
    }
}
