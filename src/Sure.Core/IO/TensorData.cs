using System.IO.Compression;
using Sure.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Sure.IO;

/// <summary>One named float32 tensor held as plain arrays (no native memory): a module's state, as written to and read
/// from safetensors entries of a model file.</summary>
public sealed record TensorData(string Name, long[] Shape, float[] Data)
{
    /// <summary>Every entry of <paramref name="module"/>'s state dict (parameters and buffers), in its order, copied to the CPU.</summary>
    public static List<TensorData> FromModule(nn.Module module)
    {
        var list = new List<TensorData>();
        using var scope = NewDisposeScope(); // the detached views and copies made below
        foreach (var (name, t) in module.state_dict())
        {
            if (t.dtype != ScalarType.Float32)
                throw new InvalidOperationException($"state entry '{name}' has dtype {t.dtype}; model files hold float32 tensors only.");
            var cpu = t.detach().cpu().contiguous();
            list.Add(new TensorData(name, cpu.shape, cpu.data<float>().ToArray()));
        }
        return list;
    }

    /// <summary>Copies <paramref name="tensors"/> into <paramref name="module"/>'s state, strictly: the same names, every
    /// shape equal; otherwise a <see cref="SureDataException"/> naming <paramref name="source"/> and the entry.</summary>
    public static void LoadInto(nn.Module module, IReadOnlyList<TensorData> tensors, string source)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var state = module.state_dict();
        foreach (var name in byName.Keys)
            if (!state.ContainsKey(name)) throw new SureDataException($"unexpected tensor '{name}' (not part of this model).", source);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, target) in state)
        {
            if (!byName.TryGetValue(name, out var t)) throw new SureDataException($"tensor '{name}' is missing.", source);
            if (!t.Shape.SequenceEqual(target.shape))
                throw new SureDataException($"tensor '{name}' has shape [{string.Join(", ", t.Shape)}], the model expects [{string.Join(", ", target.shape)}].", source);
            target.copy_(tensor(t.Data, t.Shape));
        }
    }

    /// <summary>Writes <paramref name="tensors"/> as a safetensors entry of <paramref name="zip"/>.</summary>
    public static void WriteEntry(ZipArchive zip, string entryName, IReadOnlyList<TensorData> tensors)
    {
        using var s = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
        SafeTensorsWriter.Write(s, tensors.Select(t => (t.Name, t.Shape, t.Data)).ToList());
    }

    /// <summary>Reads every tensor of a safetensors entry of <paramref name="zip"/> (float32 only).</summary>
    public static List<TensorData> ReadEntry(ZipArchive zip, string entryName, string source)
    {
        var entry = zip.GetEntry(entryName) ?? throw new SureDataException($"entry '{entryName}' is missing.", source);
        var memory = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(memory);
        memory.Position = 0;
        using var file = SafeTensorsFile.Open($"{source}!{entryName}", memory);
        return file.Tensors.Values.OrderBy(i => i.Begin).Select(i =>
        {
            var (shape, data) = file.ReadFloat32(i.Name);
            return new TensorData(i.Name, shape, data);
        }).ToList();
    }
}
