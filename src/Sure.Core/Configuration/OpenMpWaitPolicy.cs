using System.Runtime.InteropServices;

namespace Sure.Configuration;

/// <summary>
/// How libtorch's OpenMP worker threads (libgomp) wait between parallel regions. By default they spin on the CPU for a
/// while; when other processes keep the cores busy, spinning threads steal time from the one thread that has work, and a
/// two-thread run measured 9× slower (56 s against 6 s for the same small SynthERC run, docs/benchmarks.md "Threads under
/// load"). Passive waiting (threads sleep at once) avoids the collapse and does not change results: the work is split
/// the same way, so the floating-point summation order is the same.
/// <para>
/// libgomp reads <c>OMP_WAIT_POLICY</c> once, when libtorch is loaded, so this must run at the start of the process,
/// before the first use of TorchSharp. It changes the process's environment: applications call it (the `sure` command
/// does, first thing); the library never does.
/// </para>
/// </summary>
public static class OpenMpWaitPolicy
{
    /// <summary>The environment variable libgomp reads.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>
    /// Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the native environment of this process unless the variable is already set
    /// (the user's choice wins). Returns the policy in force afterwards ("PASSIVE", or what the user set). Does nothing on
    /// Windows (libtorch there uses another OpenMP runtime; the variable is left as it is).
    /// </summary>
    public static string PreferPassive()
    {
        var current = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(current)) return current;
        if (OperatingSystem.IsWindows()) return "";
        // .NET keeps its own copy of the environment on Unix: Environment.SetEnvironmentVariable does not reach the C
        // library's environ, which is what libgomp's getenv reads. setenv does.
        if (setenv(Variable, "PASSIVE", 0) != 0) return "";
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return "PASSIVE";
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
