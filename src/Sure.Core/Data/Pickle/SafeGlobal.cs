namespace Sure.Data.Pickle;

/// <summary>The only Python globals a pickle may reference; the reader interprets each one itself.</summary>
internal enum SafeGlobal
{
    NumpyReconstruct,
    NumpyFromBuffer,
    NumpyNdArray,
    NumpyDType,
    NumpyScalar,
    CodecsEncode,
    Set,
    FrozenSet,
    ByteArray,
    OrderedDict,
}
