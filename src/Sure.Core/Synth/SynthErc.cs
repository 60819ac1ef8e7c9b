using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;

namespace Sure.Synth;

/// <summary>Entry point of the built-in SynthERC benchmark (docs/syntherc.md).</summary>
public static class SynthErc
{
    public const string Name = "SynthERC";
    public const string Format = "syntherc";

    private static readonly string[] EmotionNames =
        ["happy", "sad", "neutral", "angry", "excited", "frustrated", "surprised", "fearful", "disgusted"];

    /// <summary>Class names: the first nine emotions in a fixed order, then "class10", "class11", …</summary>
    public static string[] ClassNames(int classes)
    {
        if (classes < 1) throw new SureUserException($"Invalid value {classes}: synth classes must be ≥ 1.");
        return Enumerable.Range(0, classes).Select(k => k < EmotionNames.Length ? EmotionNames[k] : $"class{k + 1}").ToArray();
    }

    /// <summary>Generates the benchmark and computes its valid/test ceilings. Deterministic in the options.</summary>
    public static SynthErcBenchmark Create(SynthErcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var model = new SynthErcModel(options);
        var dataset = new ConversationDataset { Name = Name, Format = Format, Identity = DatasetIdentity.SynthErc, Source = null, ClassNames = ClassNames(options.Classes) };
        var truth = new Dictionary<(string, int), SynthErcTruth>();
        foreach (var (split, count) in new[] { (Split.Train, options.TrainDialogues), (Split.Valid, options.ValidDialogues), (Split.Test, options.TestDialogues) })
        {
            for (int j = 0; j < count; j++)
            {
                var (dialogue, t) = SynthErcGenerator.Generate(model, split, j);
                dataset.Dialogues.Add(dialogue);
                for (int i = 0; i < t.Length; i++) truth[(dialogue.Id, i)] = t[i];
            }
        }
        var valid = SynthErcCeilings.Compute(model, dataset.In(Split.Valid));
        var test = SynthErcCeilings.Compute(model, dataset.In(Split.Test));
        return new SynthErcBenchmark(dataset, options, model, valid, test, truth);
    }

    /// <summary>Checks every option; throws <see cref="SureUserException"/> naming the first bad one.</summary>
    public static void Validate(SynthErcOptions o) => o.Validate();

}
