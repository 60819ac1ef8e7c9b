using Sure.Errors;

namespace Sure.Data.Pickle;

/// <summary>
/// The pickle references a Python global (class or function) outside the reader's whitelist, e.g. os.system.
/// Nothing is ever executed: the reader refuses the whole file.
/// </summary>
public sealed class PickleForbiddenGlobalException : SureUserException
{
    public string Module { get; }
    public string Name { get; }

    public PickleForbiddenGlobalException(string module, string name, long offset)
        : base($"Refusing to load pickle: it references the global '{module}.{name}' (at byte {offset}), which is not on the " +
               "whitelist of safe types (builtins, numpy arrays/dtypes/scalars). Nothing was executed.")
    {
        Module = module;
        Name = name;
    }
}
