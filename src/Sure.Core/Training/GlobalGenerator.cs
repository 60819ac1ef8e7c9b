using TorchSharp;

namespace Sure.Training;

/// <summary>
/// The one place Sure touches libtorch's process-wide default random generator. TorchSharp's modules draw their
/// initial weights from it in their constructors (<c>nn.Linear</c>, <c>nn.Embedding</c>, <c>nn.GRU</c>), and
/// <c>nn.Dropout</c> and <c>randn_like</c> draw from it while training; none of them takes a generator of its own in
/// TorchSharp 0.107. So a seeded model (<see cref="Trainer.BuildModel"/>), a training epoch
/// (<see cref="Trainer"/>) and the fine-tuned text encoder (Sure.Text.Pretrained's <c>BertFineTuner</c>) seed it here,
/// right before they draw, and nowhere else. Consequences: two trainings running at the same time in one process draw
/// from the same generator and are then not reproducible (tests that train keep one serial collection); code that only
/// loads weights (the predictor, a model file) never seeds or draws. Front ends with their own randomness (the TextCNN,
/// the log-mel CNN) use explicit <see cref="torch.Generator"/> objects instead and are unaffected.
/// </summary>
public static class GlobalGenerator
{
    /// <summary>Seeds libtorch's default generator (<c>torch.manual_seed</c>).</summary>
    public static void Seed(long seed) => torch.manual_seed(seed);
}
