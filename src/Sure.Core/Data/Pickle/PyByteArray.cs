namespace Sure.Data.Pickle;

/// <summary>A Python bytearray (mutable bytes); kept distinct from immutable bytes (byte[]).</summary>
public sealed class PyByteArray(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;
    public override string ToString() => $"bytearray[{Bytes.Length}]";
}
