using Sure.Configuration;
using Sure.Data;

namespace Sure.Model;

/// <summary>Builds the model a configuration names (<see cref="ModelOptions.Model"/>).</summary>
public static class DialogueModels
{
    /// <param name="inputDims">Feature dimension per modality, indexed by <see cref="Modality"/>.</param>
    /// <param name="textEncoder">The end-to-end text encoder (SURE only).</param>
    public static DialogueModel Build(ModelOptions config, int[] inputDims, int classCount, Text.GloveUtteranceEncoder? textEncoder = null)
    {
        bool normalize = config.InputNorm == InputNormalizationMode.Standardize;
        var used = Modalities.Parse(config.Modalities);
        if (config.Model != "sure" && textEncoder is not null)
            throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("model")} {config.Model} reads given vectors; the end-to-end text encoder ({Sure.Errors.Setting.Name("textEncoder")} end2end) works with {Sure.Errors.Setting.Name("model")} sure only.");
        return config.Model switch
        {
            "sure" => new SureModel(config, inputDims, classCount, textEncoder),
            "linear" => new LinearBaseline(used, inputDims, classCount, 0, config.Dropout, normalize),
            "mlp" => new LinearBaseline(used, inputDims, classCount, config.Hidden, config.Dropout, normalize),
            "bigru" => new BiGruBaseline(used, inputDims, classCount, config.Hidden, config.Context, config.Dropout, normalize),
            _ => throw new Errors.SureUserException($"{Sure.Errors.Setting.Name("model")} must be sure, linear, mlp or bigru (got {config.Model})."),
        };
    }
}
