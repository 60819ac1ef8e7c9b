namespace Sure.Reporting;

/// <summary>
/// The splits of one cross-validation run, as result.json records them under "cv": fold <see cref="Fold"/> (1-based)
/// of <see cref="Folds"/> under <see cref="Grouping"/> ("speaker", "speaker:5", …), the held-out groups (the test
/// split), the groups the validation split was carved from, and how many groups and utterances each split has.
/// </summary>
public sealed record CvFold
{
    /// <summary>The <c>--cv</c> value: "speaker", "speaker:5", "dialogue", "session", ….</summary>
    public string Grouping { get; init; } = "";
    /// <summary>1-based fold number.</summary>
    public int Fold { get; init; }
    /// <summary>Number of folds of the grouping on this data.</summary>
    public int Folds { get; init; }
    /// <summary>The held-out groups: their dialogues are the test split.</summary>
    public IReadOnlyList<string> TestGroups { get; init; } = [];
    /// <summary>The groups whose dialogues are the validation split (model selection).</summary>
    public IReadOnlyList<string> ValidGroups { get; init; } = [];
    /// <summary>Number of groups in the training split.</summary>
    public int TrainGroups { get; init; }
    /// <summary>Utterances in the test split.</summary>
    public int TestUtterances { get; init; }
    /// <summary>Utterances in the validation split.</summary>
    public int ValidUtterances { get; init; }
    /// <summary>Utterances in the training split.</summary>
    public int TrainUtterances { get; init; }
}
