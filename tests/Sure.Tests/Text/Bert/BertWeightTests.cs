using Sure.Text.Bert;
using TorchSharp;

namespace Sure.Tests.Text.Bert;

[Collection(PretrainedEncoderCollection.Name)]
public class BertWeightTests(PretrainedEncoderFixture models)
{
    [Theory]
    [InlineData("minilm", 103, true, 22_713_216)]
    [InlineData("arctic-xs", 101, false, 22_565_376)]
    public void EveryParameterIsFoundInTheOnnxInitializersWithItsShape(string key, int weights, bool pooler, long parameters)
    {
        var m = models[key];
        Assert.Equal(weights, m.Weights.Count);
        var config = BertConfig.FromWeights(m.Weights, heads: 12);
        Assert.Equal(new BertConfig(30522, 384, 6, 12, 1536, 512, 2, HasPooler: pooler), config);
        using var bert = new BertModel(config);
        var unused = BertWeights.LoadInto(bert, m.Weights);
        Assert.Empty(unused);
        Assert.Equal(weights, bert.named_parameters().Count());
        Assert.Equal(parameters, bert.parameters().Sum(p => p.numel()));
        // the 36 anonymous MatMul weights were found and transposed to nn.Linear's [out, in]
        Assert.Equal([1536L, 384L], m.Weights["encoder.layer.5.intermediate.dense.weight"].Shape);
        Assert.Equal([384L, 1536L], m.Weights["encoder.layer.5.output.dense.weight"].Shape);
        Assert.Contains(bert.named_parameters(), p => p.name == "encoder.layer.0.attention.self.query.weight");
        Assert.Equal(64, m.Model.OnnxSha256.Length);
    }

    [Fact]
    public void AMissingOrMisshapenWeightIsNamed()
    {
        var config = new BertConfig(10, 8, 1, 2, 16, 6, 2);
        using var bert = new BertModel(config);
        var weights = bert.named_parameters().ToDictionary(p => p.name, p => new BertWeights.Entry(p.parameter.shape, new float[p.parameter.numel()]));
        weights.Remove("encoder.layer.0.attention.self.key.weight");
        weights["embeddings.LayerNorm.bias"] = new BertWeights.Entry([9], new float[9]);
        var e = Assert.Throws<InvalidDataException>(() => BertWeights.LoadInto(bert, weights));
        Assert.Contains("'encoder.layer.0.attention.self.key.weight' is missing", e.Message);
        Assert.Contains("'embeddings.LayerNorm.bias' has shape [9]", e.Message);
    }

    [Fact]
    public void NodeNamesGiveHuggingFaceNames()
    {
        Assert.Equal("encoder.layer.0.attention.self.query.weight", BertWeights.WeightNameFromNode("/encoder/layer.0/attention/self/query/MatMul"));
        Assert.Null(BertWeights.WeightNameFromNode("MatMul_34"));
    }

    [Fact]
    public void AMalformedOnnxFileIsRefused()
    {
        Assert.Throws<InvalidDataException>(() => OnnxGraph.Parse([0x3A, 0xFF, 0xFF, 0xFF, 0x0F])); // graph field, length past the end
        Assert.Throws<InvalidDataException>(() => OnnxGraph.Parse([0x08, 0x07])); // no graph
    }
}
