using Sure.Configuration;
using Sure.Data;
using Sure.Runs;
using Sure.Text;
using Sure.Loading;

namespace Sure.Tests.Text;

/// <summary>
/// The end-to-end text branch (GloVe → CNN encoder trained jointly with SURE), warm-started from a TextCNN pre-trained on
/// the training split (the default), must learn. (From random weights it does not learn through the reasoning module:
/// measured, see docs/text-features.md.)
/// </summary>
[Collection(Sure.Tests.Model.GlobalRngCollection.Name)]
public class EndToEndLearningTests
{
    [Fact]
    public void WarmStartedEndToEndSureLearnsATinySentimentCorpus()
    {
        var dataset = TextFixtures.Corpus(60);
        var vectors = TextFixtures.Vectors();
        var options = TextFixtures.SmallOptions();
        var vocab = Vocabulary.Build(dataset, vectors, options.MaxTokens);
        using var pretrained = new TextCnnFeatureExtractor(options).Pretrain(dataset, vectors, vocab);
        var spec = new TextEncoderSpec(vocab, vocab.EmbeddingMatrix(vectors, options.UnknownScale, options.Seed), vectors.Dim, options, pretrained);
        var config = new SureConfig
        {
            TextEncoder = "end2end", Modalities = "t", Hidden = 16, Heads = 2, Experts = 3, TopK = 2,
            Epochs = 15, BatchSize = 4, Lr = 3e-3, Threads = 1,
        }.Validate();
        var dir = Path.Combine(Path.GetTempPath(), "sure-tests", Guid.NewGuid().ToString("N"));
        var outcome = TrainingRun.Execute(config, new LoadedData { Dataset = dataset, TextEncoder = spec }, dir);
        Assert.True(outcome.Result.Test.Report.Accuracy > 0.8, $"end-to-end test accuracy {outcome.Result.Test.Report.Accuracy:F3}");
    }
}
