namespace Sure.Configuration;

/// <summary>
/// Which libtorch this build references, fixed at build time by <c>-p:TorchBackend=cpu|cuda</c> (Directory.Build.props):
/// the CPU package (default) or the CUDA one (docs/gpu.md).
/// </summary>
public static class TorchBackend
{
#if SURE_CUDA
    public const string Name = "cuda";
#else
    public const string Name = "cpu";
#endif

    public static bool HasCuda => Name == "cuda";
}
