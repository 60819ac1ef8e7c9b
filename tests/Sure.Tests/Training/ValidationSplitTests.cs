using Sure.Configuration;
using Sure.Data;
using Sure.Errors;
using Sure.Training;

namespace Sure.Tests.Training;

/// <summary><c>validExtra</c>: a larger validation split carved from training, the same dialogues for every run.</summary>
public class ValidationSplitTests
{
    /// <summary>10 training, 2 validation and 3 test dialogues of one utterance each.</summary>
    private static ConversationDataset Data() => new()
    {
        Name = "d", ClassNames = ["a", "b"],
        Dialogues = [.. Enumerable.Range(0, 15).Select(i => new Dialogue
        {
            Id = $"dlg{i:D2}", Split = i < 10 ? Split.Train : i < 12 ? Split.Valid : Split.Test,
            Utterances = [new Utterance { Speaker = "A", Label = i % 2, Features = [[i], null, null] }],
        })],
    };

    [Fact]
    public void ItMovesTheRoundedFractionOfTrainingAndKeepsTheDataOwnValidation()
    {
        var data = Data();
        Assert.Equal(3, ValidationSplit.Enlarge(data, 0.3));            // round(10 × 0.3) = 3
        Assert.Equal(7, data.In(Split.Train).Count());
        Assert.Equal(5, data.In(Split.Valid).Count());
        Assert.Contains(data.In(Split.Valid), d => d.Id == "dlg10");
        Assert.Equal(3, data.In(Split.Test).Count());
    }

    [Fact]
    public void TheSameDialoguesMoveWhateverTheOrderOfTheData()
    {
        var a = Data();
        var b = Data();
        b.Dialogues.Reverse();
        ValidationSplit.Enlarge(a, 0.3);
        ValidationSplit.Enlarge(b, 0.3);
        Assert.Equal(a.In(Split.Valid).Select(d => d.Id).Order(), b.In(Split.Valid).Select(d => d.Id).Order());
    }

    [Fact]
    public void ZeroIsOffAndTrainingIsNeverEmptied()
    {
        var data = Data();
        Assert.Equal(0, ValidationSplit.Enlarge(data, 0));
        Assert.Equal(10, data.In(Split.Train).Count());
        Assert.Equal(9, ValidationSplit.Enlarge(data, 0.99));
        Assert.Single(data.In(Split.Train));
    }

    [Fact]
    public void AFractionOutsideZeroToOneIsAUserError() =>
        Assert.Contains("validExtra must be in [0, 1)", Assert.Throws<SureUserException>(() => new SureConfig { ValidExtra = 1 }.Validate()).Message);
}
