using System.Text.Json.Nodes;
using Sure.Reporting;

namespace Sure.Tests.Reporting;

/// <summary>result.json files written before the run wrote the typed record (<see cref="RunResult"/>) read into it and
/// write back the same JSON: every field, every value.</summary>
public class RunResultCompatibilityTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Reporting", "Fixtures", name);

    [Theory]
    [InlineData("result-84a1bd3-syntherc.json")] // sure train --threads 1 (SynthERC: ceilings, MoE routing, calibration)
    [InlineData("result-84a1bd3-jsonl.json")]    // the model-v3.sure fixture's run (Inference/Fixtures/README.md)
    public void A_result_json_written_by_the_untyped_writer_reads_and_writes_back_the_same(string name)
    {
        var text = File.ReadAllText(Fixture(name));
        var result = RunResult.FromJson(text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(result.ToJson())), result.ToJson());
        Assert.Null(result.Other); // every field it has is a typed one
    }

    [Fact]
    public void The_syntherc_result_reads_into_the_typed_fields()
    {
        var r = RunResult.FromJson(File.ReadAllText(Fixture("result-84a1bd3-syntherc.json")));
        // the values of the fixture (its test table is the one sure train printed)
        Assert.Equal(("SynthERC", "validation", 1, "tav"), (r.Dataset, r.Protocol, r.Seed, r.Modalities));
        Assert.Equal(6, r.Test.PerClass.Count);
        Assert.Equal(r.Test.PerClass.Values.Sum(c => c.Support), r.Test.Utterances);
        Assert.Equal(r.Test.Utterances, r.Test.Confusion.Sum(row => row.Sum()));
        Assert.Equal(["text", "audio", "visual"], r.Test.Moe!.Keys);
        Assert.NotNull(r.Test.Ece);
        Assert.Equal("frustrated", r.MajorityBaseline!.ClassName);
        Assert.NotNull(r.Ceiling!.CausalAccuracy);
        Assert.True(r.Parameters > 0);
    }

    [Fact]
    public void Fields_a_later_build_adds_are_kept_when_read_and_written_back()
    {
        var node = JsonNode.Parse(File.ReadAllText(Fixture("result-84a1bd3-jsonl.json")))!.AsObject();
        node["audio_encoder"] = new JsonObject { ["epochs"] = 3 };
        var back = JsonNode.Parse(RunResult.FromJson(node.ToJsonString()).ToJson())!;
        Assert.Equal(3, (int)back["audio_encoder"]!["epochs"]!);
    }
}
