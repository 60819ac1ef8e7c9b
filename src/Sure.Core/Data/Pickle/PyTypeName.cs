using System.Numerics;

namespace Sure.Data.Pickle;

/// <summary>The Python type name of a value from the pickle object model, for error messages.</summary>
public static class PyTypeName
{
    public static string Of(object? o) => o switch
    {
        null or PyNone => "None",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        byte[] => "bytes",
        PyByteArray => "bytearray",
        List<object?> => "list",
        PyTuple => "tuple",
        PyDict => "dict",
        PySet { IsFrozen: true } => "frozenset",
        PySet => "set",
        NumpyArray a => $"numpy.ndarray({a.DType}, shape ({string.Join(", ", a.Shape)}))",
        NumpyDType d => $"numpy.dtype({d})",
        PyGlobal g => $"global {g.QualifiedName}",
        _ => o.GetType().Name,
    };
}
