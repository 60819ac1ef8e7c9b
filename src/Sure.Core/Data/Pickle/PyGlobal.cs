namespace Sure.Data.Pickle;

/// <summary>A reference to a whitelisted Python global (e.g. numpy.dtype) found by GLOBAL/STACK_GLOBAL. Never executed:
/// the reader interprets calls to it itself.</summary>
public sealed class PyGlobal
{
    public string Module { get; }
    public string Name { get; }
    internal SafeGlobal Kind { get; }

    internal PyGlobal(string module, string name, SafeGlobal kind)
    {
        Module = module;
        Name = name;
        Kind = kind;
    }

    public string QualifiedName => $"{Module}.{Name}";
    public override string ToString() => QualifiedName;
}
