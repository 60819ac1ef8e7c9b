namespace Sure.IO;

/// <summary>One tensor entry of a safetensors header: dtype ("F32", ...), shape and byte range within the data section.</summary>
public sealed record SafeTensorInfo(string Name, string DType, long[] Shape, long Begin, long End);
