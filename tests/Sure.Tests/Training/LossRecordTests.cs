using Sure.Configuration;
using Sure.Data;
using Sure.Model;
using Sure.Runs;
using Sure.Training;
using static TorchSharp.torch;

namespace Sure.Tests.Training;

/// <summary>What history.json calls train_loss, train_nll and valid_nll is what those names say.</summary>
public class LossRecordTests
{
    [Fact]
    public void TrainLossIsTheFullObjectiveAndTrainNllItsNllPart()
    {
        var config = TinyRuns.Config(epochs: 1) with { MoeLossWeight = 1.0 };
        var withMoe = TrainingRun.Execute(config, TinyRuns.Data(config), TinyRuns.TempDir()).Result.History.Single();
        // The MoE losses are positive (L_u > 0, KL ≥ 0, balance > 0), so at weight 1 the objective exceeds its NLL part.
        Assert.NotNull(withMoe.TrainNll);
        Assert.True(withMoe.TrainLoss > withMoe.TrainNll + 0.01, $"train_loss {withMoe.TrainLoss} should exceed train_nll {withMoe.TrainNll} by the MoE losses");

        var off = config with { MoeLossWeight = 0 };
        var without = TrainingRun.Execute(off, TinyRuns.Data(off), TinyRuns.TempDir()).Result.History.Single();
        Assert.Equal(without.TrainLoss, without.TrainNll);
    }

    [Fact]
    public void ValidNllIsTheClassWeightedNllOfTheEpochsModelOnTheValidationSplit()
    {
        var config = TinyRuns.Config(epochs: 1) with { MoeLossWeight = 1.0, ClassWeights = ClassWeighting.On };
        var data = TinyRuns.Data(config);
        var dir = TinyRuns.TempDir();
        var record = TrainingRun.Execute(config, data, dir).Result.History.Single();

        // Independent computation: the epoch-1 model (best.pt, the only epoch), all validation dialogues in one batch,
        // −Σ w_y·log softmax(logits)_y / Σ w_y with w_c = n / (C·n_c) counted here from the training labels.
        var ds = data.Dataset;
        var trainLabels = ds.In(Split.Train).SelectMany(d => d.Utterances).Select(u => u.Label).Where(y => y >= 0).ToList();
        var w = Enumerable.Range(0, ds.ClassCount).Select(c => trainLabels.Count(y => y == c)).Select(n => n == 0 ? 0.0 : trainLabels.Count / (double)(ds.ClassCount * n)).ToArray();
        using var scope = NewDisposeScope();
        using var model = Trainer.BuildModel(config, ds.Dims, ds.ClassCount, CPU);
        model.load(Path.Combine(dir, Trainer.BestCheckpoint));
        model.eval();
        var valid = ds.In(Split.Valid).ToList();
        using var batch = ModelInputs.For(config.ModelOptions, ds.Dims, CPU).Collate(valid);
        double num = 0, den = 0;
        using (no_grad())
        {
            var logp = model.forward(batch).Logits.log_softmax(-1);
            for (int b = 0; b < valid.Count; b++)
                for (int i = 0; i < valid[b].Count; i++)
                {
                    int y = valid[b].Utterances[i].Label;
                    if (y < 0) continue;
                    num -= w[y] * logp[b, i, y].item<float>();
                    den += w[y];
                }
        }
        Assert.True(Math.Abs(num / den - record.ValidNll) < 1e-4, $"valid_nll {record.ValidNll}, computed here {num / den}");
    }

    [Fact]
    public void HistoryWrittenBeforeTheRenameStillReadsItsValidLossAsValidNll()
    {
        var dir = TinyRuns.TempDir();
        File.WriteAllText(Path.Combine(dir, RunFolder.HistoryFile),
            """[{"epoch": 1, "train_loss": 1.5, "valid_loss": 1.25, "valid_accuracy": 41, "valid_weighted_f1": 40.5, "seconds": 2.5, "improved": true}]""");
        var h = RunFolder.ReadHistory(dir).Single();
        Assert.Equal(1.25, h.ValidNll);
        Assert.Equal(1.5, h.TrainLoss);
        Assert.Null(h.TrainNll);
        RunFolder.WriteHistory(dir, [h]);
        var written = File.ReadAllText(Path.Combine(dir, RunFolder.HistoryFile));
        Assert.Contains("\"valid_nll\": 1.25", written);
        Assert.DoesNotContain("valid_loss", written);
    }
}
