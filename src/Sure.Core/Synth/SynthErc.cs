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
    public static void Validate(SynthErcOptions o)
    {
        Require(o.Classes >= 2, "synth classes must be ≥ 2", o.Classes);
        Require(o.MinSpeakers >= 1, "synth min speakers must be ≥ 1", o.MinSpeakers);
        Require(o.MaxSpeakers >= o.MinSpeakers, "synth max speakers must be ≥ min speakers", o.MaxSpeakers);
        Require(o.SpeakerPool >= o.MaxSpeakers, "synth speaker pool must be ≥ max speakers", o.SpeakerPool);
        Require(Math.Pow(o.Classes + 1, o.MaxSpeakers) <= SynthErcInference.MaxStates,
            $"synth (classes+1)^(max speakers) must be ≤ {SynthErcInference.MaxStates} for exact inference; lower classes or max speakers", o.MaxSpeakers);
        Require(o.MinLength >= 1, "synth min length must be ≥ 1", o.MinLength);
        Require(o.MaxLength >= o.MinLength, "synth max length must be ≥ min length", o.MaxLength);
        Require(o.TrainDialogues >= 1, "synth train dialogues must be ≥ 1", o.TrainDialogues);
        Require(o.ValidDialogues >= 1, "synth valid dialogues must be ≥ 1", o.ValidDialogues);
        Require(o.TestDialogues >= 1, "synth test dialogues must be ≥ 1", o.TestDialogues);
        Require(o.TextDim >= 1, "synth text dim must be ≥ 1", o.TextDim);
        Require(o.AudioDim >= 1, "synth audio dim must be ≥ 1", o.AudioDim);
        Require(o.VisualDim >= 1, "synth visual dim must be ≥ 1", o.VisualDim);
        foreach (var (name, v) in new[]
                 {
                     ("persistence", o.Persistence), ("influence", o.Influence), ("same-speaker probability", o.SameSpeakerProbability),
                     ("text corruption", o.TextCorruption), ("audio corruption", o.AudioCorruption), ("visual corruption", o.VisualCorruption),
                     ("missing fraction", o.MissingFraction),
                 })
            Require(v >= 0 && v <= 1, $"synth {name} must be a probability in [0, 1]", v);
        Require(o.Persistence + o.Influence <= 1, "synth persistence + influence must be ≤ 1", o.Persistence + o.Influence);
        foreach (var (name, v) in new[]
                 {
                     ("text signal", o.TextSignal), ("audio signal", o.AudioSignal), ("visual signal", o.VisualSignal),
                     ("class skew", o.ClassSkew), ("speaker offset", o.SpeakerOffset),
                 })
            Require(v >= 0 && double.IsFinite(v), $"synth {name} must be a finite number ≥ 0", v);
        Require(o.CorruptedNoiseScale > 0 && double.IsFinite(o.CorruptedNoiseScale), "synth corrupted noise scale must be a finite number > 0", o.CorruptedNoiseScale);
    }

    private static void Require(bool ok, string rule, object value)
    {
        if (!ok) throw new SureUserException($"Invalid value {Convert.ToString(value, CultureInfo.InvariantCulture)}: {rule}.");
    }
}
