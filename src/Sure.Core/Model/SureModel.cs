using Sure.Configuration;
using Sure.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sure.Model;

// STUB (replaced by the SURE model on merge)
public sealed class SureModel : nn.Module<DialogueBatch, SureOutput>
{
    private readonly Linear fc;
    private readonly Modality[] _used;
    public SureModel(SureConfig config, int[] inputDims, int classCount) : base("SureModel")
    {
        _used = Modalities.Parse(config.Modalities);
        fc = nn.Linear(_used.Sum(m => inputDims[(int)m]), classCount);
        RegisterComponents();
    }
    public long EstimateForwardFlops(int batch, int length) => 0;
    public override SureOutput forward(DialogueBatch batch)
    {
        var x = torch.cat(_used.Select(m => batch.Features[(int)m]!).ToArray(), -1);
        return new SureOutput { Logits = fc.forward(x), AuxLoss = torch.zeros(1).sum() };
    }
}
