using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Sure.Tests.Architecture;

/// <summary>
/// No temporary TorchSharp Scalar in the libraries' compiled code (docs/native-compat.md, "TorchSharp Scalars and the
/// background GC"): TorchSharp 0.107 hands a Scalar to libtorch by raw handle, and one made implicitly from a number
/// (<c>x.masked_fill(mask, 0)</c>) or inside TorchSharp (<c>a + b</c> is <c>a.add(b)</c>, which makes the alpha 1) is
/// unreachable during the native call, so a collection that another thread triggers can free it under libtorch.
/// This reads the IL of every method of the product's assemblies (the libraries, the server, the command line) and flags (1) every implicit
/// conversion to Scalar and (2) every call of a TorchSharp method whose own IL makes one (directly or through the
/// TorchSharp methods it calls, a few levels deep). Code passes long-lived Scalars instead (Sure.Model.Scalars, or a
/// <c>using var s = x.ToScalar()</c> around the call).
/// </summary>
public class ScalarLifetimeTests
{
    private const int TorchSharpDepth = 4;

    [Fact]
    public void NoLibraryCodeMakesATemporaryScalar()
    {
        var assemblies = new[]
        {
            typeof(Sure.Configuration.SureConfig).Assembly, typeof(Sure.Text.Bert.BertModel).Assembly, typeof(Sure.Audio.Descriptors.AcousticDescriptors).Assembly,
            typeof(Sure.Server.SureServer).Assembly, typeof(Sure.Cli.CliRuntime).Assembly, typeof(Sure.Reporting.FigureFonts).Assembly,
        };
        var found = new List<string>();
        var scanner = new Scanner();
        foreach (var a in assemblies)
            found.AddRange(scanner.Scan(a.Location));
        Assert.True(found.Count == 0, $"{found.Count} call(s) make a temporary TorchSharp Scalar that a garbage collection on another thread can free during the native call; pass a Scalar that stays alive (Sure.Model.Scalars):\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheScannerFindsTheTemporariesOfOperatorsAndImplicitNumbers()
    {
        // This test assembly's own IL: the planted methods below must be flagged, the safe ones not.
        var found = new Scanner().Scan(typeof(ScalarLifetimeTests).Assembly.Location).Where(s => s.Contains(nameof(Planted), StringComparison.Ordinal)).ToList();
        Assert.Contains(found, s => s.Contains("Plus", StringComparison.Ordinal) && s.Contains("op_Addition", StringComparison.Ordinal));
        Assert.Contains(found, s => s.Contains("FillZero", StringComparison.Ordinal) && s.Contains("implicit", StringComparison.Ordinal));
        Assert.Contains(found, s => s.Contains("Range", StringComparison.Ordinal) && s.Contains("arange", StringComparison.Ordinal));
        Assert.DoesNotContain(found, s => s.Contains("Safe", StringComparison.Ordinal));
    }

    private static class Planted
    {
        private static readonly TorchSharp.Scalar Zero = 0.ToScalarPlanted();
        public static TorchSharp.torch.Tensor Plus(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b) => a + b;
        public static TorchSharp.torch.Tensor FillZero(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor m) => a.masked_fill(m, 0);
        public static TorchSharp.torch.Tensor Range(long n) => TorchSharp.torch.arange(n);
        public static TorchSharp.torch.Tensor SafeFill(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor m) => a.masked_fill(m, Zero);
        public static TorchSharp.torch.Tensor SafeProduct(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b) => a * b - b;
    }

    private sealed class Scanner
    {
        private readonly Dictionary<string, bool> torchSharp = new(StringComparer.Ordinal);

        /// <summary>"Type::Method (file:line) → what" for every call in the assembly at <paramref name="path"/> that makes a temporary Scalar.</summary>
        public IEnumerable<string> Scan(string path)
        {
            var parameters = new ReaderParameters { ReadSymbols = File.Exists(Path.ChangeExtension(path, ".pdb")), AssemblyResolver = Resolver(path) };
            using var assembly = AssemblyDefinition.ReadAssembly(path, parameters);
            foreach (var type in assembly.MainModule.GetTypes())
                foreach (var method in type.Methods.Where(m => m.HasBody))
                    foreach (var i in method.Body.Instructions)
                    {
                        if (i.Operand is not MethodReference callee || (i.OpCode != OpCodes.Call && i.OpCode != OpCodes.Callvirt && i.OpCode != OpCodes.Newobj)) continue;
                        string? what = IsImplicitScalar(callee) ? $"implicit {callee.Parameters[0].ParameterType.Name} → Scalar"
                            : IsTorchSharp(callee) && callee.DeclaringType.FullName != "TorchSharp.ScalarExtensionMethods" && MakesTemporary(callee, TorchSharpDepth) ? $"{callee.DeclaringType.Name}::{callee.Name}({string.Join(", ", callee.Parameters.Select(p => p.ParameterType.Name))}) makes one inside TorchSharp"
                            : null;
                        if (what is null) continue;
                        var point = method.DebugInformation.HasSequencePoints ? method.DebugInformation.GetSequencePoint(LastPointAt(method, i)) : null;
                        var where = point is null ? "" : $" ({Path.GetFileName(point.Document.Url)}:{point.StartLine})";
                        yield return $"  {type.FullName}::{method.Name}{where}: {what}";
                    }
        }

        private static Instruction LastPointAt(MethodDefinition method, Instruction i)
        {
            for (var at = i; at is not null; at = at.Previous)
                if (method.DebugInformation.GetSequencePoint(at) is { IsHidden: false }) return at;
            return i;
        }

        private static DefaultAssemblyResolver Resolver(string path)
        {
            var r = new DefaultAssemblyResolver();
            r.AddSearchDirectory(Path.GetDirectoryName(path)!);
            r.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
            return r;
        }

        private static bool IsTorchSharp(MethodReference m) => m.DeclaringType.Scope.Name is "TorchSharp" or "TorchSharp.dll";

        private static bool IsImplicitScalar(MethodReference m) => m.Name == "op_Implicit" && m.ReturnType.FullName == "TorchSharp.Scalar";

        /// <summary>Whether TorchSharp's <paramref name="m"/> makes a Scalar from a number in its own IL or in a TorchSharp method it calls (up to <paramref name="depth"/> levels).</summary>
        private bool MakesTemporary(MethodReference m, int depth)
        {
            if (IsImplicitScalar(m) || m.DeclaringType.FullName == "TorchSharp.ScalarExtensionMethods") return true;
            if (depth == 0 || !IsTorchSharp(m)) return false;
            var def = m.Resolve();
            if (def is null || !def.HasBody) return false;
            var key = depth + def.FullName;
            if (torchSharp.TryGetValue(key, out var known)) return known;
            torchSharp[key] = false;   // a cycle adds nothing
            bool result = def.Body.Instructions.Any(i => i.Operand is MethodReference c && (i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt || i.OpCode == OpCodes.Newobj) && MakesTemporary(c, depth - 1));
            return torchSharp[key] = result;
        }
    }
}

internal static class PlantedScalars
{
    public static TorchSharp.Scalar ToScalarPlanted(this int value) => TorchSharp.ScalarExtensionMethods.ToScalar(value);
}
