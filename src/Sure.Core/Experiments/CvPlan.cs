using System.Globalization;
using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.Reporting;

namespace Sure.Experiments;

/// <summary>
/// The folds of a group-wise cross-validation on one dataset: which groups (<see cref="CvGrouping"/>) each fold holds
/// out. The data's own split labels play no part. Without K, fold i holds out the i-th group in ordinal order (leave
/// one group out). With K, groups are dealt to folds by utterance count, with nothing random: largest group first
/// (ties by name, ordinal), each to the fold with the fewest utterances so far (ties to the lower fold), so fold sizes
/// differ by at most the largest group's utterances. The same data and grouping always give the same folds, whatever
/// the seed. <see cref="Apply"/> turns a fold into train / valid / test splits.
/// </summary>
public sealed class CvPlan
{
    private readonly Dictionary<string, int> _foldOfGroup;

    private CvPlan(CvGrouping grouping, IReadOnlyList<IReadOnlyList<string>> foldGroups, IReadOnlyDictionary<string, int> groupUtterances)
    {
        Grouping = grouping;
        FoldGroups = foldGroups;
        GroupUtterances = groupUtterances;
        _foldOfGroup = [];
        for (int f = 0; f < foldGroups.Count; f++)
            foreach (var g in foldGroups[f]) _foldOfGroup[g] = f + 1;
    }

    /// <summary>How the groups were formed.</summary>
    public CvGrouping Grouping { get; }
    /// <summary>The groups each fold holds out (index 0 is fold 1), each list in ordinal order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FoldGroups { get; }
    /// <summary>Every group and its number of utterances.</summary>
    public IReadOnlyDictionary<string, int> GroupUtterances { get; }
    /// <summary>Number of folds.</summary>
    public int Count => FoldGroups.Count;

    /// <summary>The 1-based fold that holds <paramref name="group"/> out.</summary>
    public int FoldOf(string group) => _foldOfGroup.TryGetValue(group, out var f) ? f
        : throw new ArgumentException($"'{group}' is not a group of this plan.", nameof(group));

    /// <summary>
    /// Groups every dialogue of <paramref name="dataset"/> (all of them, whatever their split) and deals the groups to
    /// folds. Throws <see cref="SureUserException"/> (one line) when a dialogue has no group under the key, when K
    /// exceeds the number of groups, or when a fold would leave fewer than two groups outside its test set (validation
    /// and training need one each).
    /// </summary>
    public static CvPlan Create(ConversationDataset dataset, CvGrouping grouping)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(grouping);
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in dataset.Dialogues)
        {
            var g = grouping.GroupOf(d);
            sizes[g] = sizes.GetValueOrDefault(g) + d.Count;
        }
        var names = sizes.Keys.Order(StringComparer.Ordinal).ToList();
        string N(int n) => $"{n.ToString(CultureInfo.InvariantCulture)} {grouping.Noun(n)}";
        if (names.Count < 3)
            throw new SureUserException($"--cv {grouping}: the data has {N(names.Count)}; cross-validation needs at least 3 (one held out, one for validation, one for training).");

        List<List<string>> folds;
        if (grouping.Folds is not int k)
        {
            folds = names.Select(n => new List<string> { n }).ToList();
        }
        else
        {
            if (k > names.Count)
                throw new SureUserException($"--cv {grouping}: {N(names.Count)} cannot fill {k.ToString(CultureInfo.InvariantCulture)} folds; use at most {names.Count.ToString(CultureInfo.InvariantCulture)} or leave ':K' out (one fold per {grouping.Key}).");
            folds = Enumerable.Range(0, k).Select(_ => new List<string>()).ToList();
            var totals = new int[k];
            foreach (var g in names.OrderByDescending(n => sizes[n]).ThenBy(n => n, StringComparer.Ordinal))
            {
                int best = 0;
                for (int f = 1; f < k; f++)
                    if (totals[f] < totals[best]) best = f;
                folds[best].Add(g);
                totals[best] += sizes[g];
            }
            foreach (var f in folds) f.Sort(StringComparer.Ordinal);
        }
        for (int f = 0; f < folds.Count; f++)
        {
            int left = names.Count - folds[f].Count;
            if (left < 2)
                throw new SureUserException($"--cv {grouping}: fold {(f + 1).ToString(CultureInfo.InvariantCulture)} holds out {N(folds[f].Count)} of {names.Count.ToString(CultureInfo.InvariantCulture)}, leaving {N(left)}; validation and training need one each (use more folds).");
        }
        return new CvPlan(grouping, folds.Select(f => (IReadOnlyList<string>)f.AsReadOnly()).ToList(), sizes);
    }

    /// <summary>
    /// The splits a run's configuration asks for: when <see cref="SureConfig.Cv"/> is set, the folds of that grouping on
    /// <paramref name="dataset"/> and then <see cref="Apply"/> of <see cref="SureConfig.CvFold"/> with the run's
    /// ValidFraction and Seed (so a fold's run folder, trained, resumed or evaluated, always gets the same splits);
    /// null, and nothing changed, otherwise.
    /// </summary>
    public static CvFold? ApplyConfigured(ConversationDataset dataset, SureConfig config)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(config);
        if (config.Cv is null) return null;
        var fold = config.CvFold ?? throw new SureUserException($"cv is '{config.Cv}' but cvFold is not set: which fold to run?");
        return Create(dataset, CvGrouping.Parse(config.Cv)).Apply(dataset, fold, config.ValidFraction, config.Seed);
    }

    /// <summary>
    /// Sets every dialogue's split for fold <paramref name="fold"/> (1-based): the fold's groups → test; of the other
    /// groups, in an order shuffled by <paramref name="seed"/> (as <c>--valid-fraction</c> does without --cv), the first
    /// ones until they hold at least <paramref name="validFraction"/> of those groups' utterances → valid (at least one
    /// group, and never all of them); the rest → train. The data's own split labels are overwritten.
    /// </summary>
    public CvFold Apply(ConversationDataset dataset, int fold, double validFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (fold < 1 || fold > Count)
            throw new SureUserException($"--cv {Grouping}: fold {fold.ToString(CultureInfo.InvariantCulture)} does not exist; this data has folds 1 to {Count.ToString(CultureInfo.InvariantCulture)}.");
        var test = FoldGroups[fold - 1].ToHashSet(StringComparer.Ordinal);
        var rest = GroupUtterances.Keys.Where(g => !test.Contains(g)).Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(rest);
        int restUtterances = rest.Sum(g => GroupUtterances[g]);
        var valid = new HashSet<string>(StringComparer.Ordinal);
        int validUtterances = 0;
        foreach (var g in rest)
        {
            if (valid.Count > 0 && validUtterances >= validFraction * restUtterances) break;
            if (valid.Count == rest.Length - 1) break; // keep one group for training
            valid.Add(g);
            validUtterances += GroupUtterances[g];
        }
        int[] utterances = new int[3];
        foreach (var d in dataset.Dialogues)
        {
            var g = Grouping.GroupOf(d);
            if (!GroupUtterances.ContainsKey(g))
                throw new SureUserException($"--cv {Grouping}: dialogue '{d.Id}' belongs to '{g}', a {Grouping.Key} the folds were not made with.");
            d.Split = test.Contains(g) ? Split.Test : valid.Contains(g) ? Split.Valid : Split.Train;
            utterances[(int)d.Split] += d.Count;
        }
        return new CvFold
        {
            Grouping = Grouping.ToString(),
            Fold = fold,
            Folds = Count,
            TestGroups = [.. FoldGroups[fold - 1]],
            ValidGroups = [.. valid.Order(StringComparer.Ordinal)],
            TrainGroups = rest.Length - valid.Count,
            TestUtterances = utterances[(int)Split.Test],
            ValidUtterances = utterances[(int)Split.Valid],
            TrainUtterances = utterances[(int)Split.Train],
        };
    }
}
