using Sure.Cli;

namespace Sure.Tests.Cli;

/// <summary>Runs the `sure` command in-process with standard output and error captured.</summary>
public static class SureCliRunner
{
    private static readonly object Gate = new();

    public static (int Code, string Out, string Err) Run(params string[] args) => Capture(() => SureCli.Run(args));

    /// <summary>Runs <paramref name="action"/> with standard output and error captured and, when given,
    /// <paramref name="stdin"/> as standard input.</summary>
    public static (int Code, string Out, string Err) Capture(Func<int> action, string? stdin = null)
    {
        lock (Gate)
        {
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            var oldIn = Console.In;
            var o = new StringWriter();
            var e = new StringWriter();
            Console.SetOut(o);
            Console.SetError(e);
            if (stdin is not null) Console.SetIn(new StringReader(stdin));
            try
            {
                return (action(), o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                Console.SetIn(oldIn);
            }
        }
    }
}
