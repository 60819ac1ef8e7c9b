namespace Sure.Data.Pickle;

/// <summary>Python's None. A singleton object (not a .NET null) so it can be a dictionary key or set member.</summary>
public sealed class PyNone
{
    public static readonly PyNone Value = new();
    private PyNone() { }
    public override string ToString() => "None";
}
