using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Sure.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of one assembly, read from its metadata and IL with Mono.Cecil: namespace A depends on
/// namespace B (both in the assembly) when a type of A uses a type of B anywhere: base type, interfaces, generic
/// arguments and constraints, fields, properties, events, method signatures, custom attributes, local variables, and
/// every type, method or field a method body names. Compiler-generated nested types (closures, iterators, async state
/// machines) count for the namespace of the type they are nested in. Every edge keeps one example ("Type → Type").
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    /// <summary>Every namespace of the assembly that declares a type.</summary>
    public IReadOnlySet<string> Namespaces { get; }

    private NamespaceGraph(ModuleDefinition module)
    {
        var types = module.GetTypes().Where(t => t.Name != "<Module>" && !t.Name.StartsWith("<PrivateImplementationDetails>", StringComparison.Ordinal)).ToList();
        Namespaces = types.Select(NamespaceOf).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var from = NamespaceOf(type);
            if (from.Length == 0) continue;
            foreach (var used in UsedTypes(type))
            {
                if (!IsInModule(used, module)) continue;
                var to = NamespaceOf(used);
                if (to.Length == 0 || to == from || !Namespaces.Contains(to)) continue;
                if (!_edges.TryGetValue(from, out var targets)) _edges[from] = targets = new(StringComparer.Ordinal);
                if (!targets.TryGetValue(to, out var examples)) targets[to] = examples = new(StringComparer.Ordinal);
                examples.Add($"{Outermost(type).FullName} → {Outermost(used).FullName}");
            }
        }
    }

    /// <summary>Reads the graph of the assembly at <paramref name="path"/>.</summary>
    public static NamespaceGraph Read(string path)
    {
        using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = false, InMemory = true });
        return new NamespaceGraph(module);
    }

    /// <summary>The namespaces <paramref name="ns"/> depends on, each with the type-to-type uses behind it, sorted.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> DependenciesOf(string ns) =>
        _edges.TryGetValue(ns, out var d) ? d : new Dictionary<string, SortedSet<string>>();

    /// <summary>
    /// The strongly connected components with more than one namespace (Tarjan), each sorted, in sorted order: every
    /// namespace cycle lies inside one of them.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();
        int next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in DependenciesOf(v).Keys.Order(StringComparer.Ordinal))
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) result.Add(component.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var ns in Namespaces.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(ns)) Visit(ns);
        return result.OrderBy(c => c[0], StringComparer.Ordinal).ToList();
    }

    /// <summary>The edges between members of one component, "A → B (n uses: example; ...)", sorted: what to cut to
    /// break it.</summary>
    /// <param name="examples">How many type-to-type uses to show per edge.</param>
    public IEnumerable<string> EdgesWithin(IReadOnlyCollection<string> component, int examples = 3) =>
        component.Order(StringComparer.Ordinal).SelectMany(a => DependenciesOf(a)
            .Where(e => component.Contains(e.Key))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"{a} → {e.Key} ({e.Value.Count} type uses: {string.Join("; ", e.Value.Take(examples))}{(e.Value.Count > examples ? "; …" : "")})"));

    private static bool IsInModule(TypeReference t, ModuleDefinition module) =>
        t is TypeDefinition d ? d.Module == module : t.Scope is ModuleDefinition m && m == module;

    private static TypeReference Outermost(TypeReference t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    private static string NamespaceOf(TypeReference t) => Outermost(t).Namespace ?? "";

    /// <summary>Every type <paramref name="type"/> mentions, unwrapped to element and generic-argument types.</summary>
    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t) => Collect(t, found, 0);
        void Attributes(ICustomAttributeProvider p)
        {
            if (!p.HasCustomAttributes) return;
            foreach (var a in p.CustomAttributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments.Concat(a.Fields.Select(f => f.Argument)).Concat(a.Properties.Select(f => f.Argument)))
                {
                    Add(arg.Type);
                    if (arg.Value is TypeReference tr) Add(tr);
                }
            }
        }
        void GenericParameters(IGenericParameterProvider p)
        {
            foreach (var g in p.GenericParameters)
                foreach (var c in g.Constraints) Add(c.ConstraintType);
        }

        Add(type.BaseType);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        Attributes(type);
        GenericParameters(type);
        foreach (var f in type.Fields) { Add(f.FieldType); Attributes(f); }
        foreach (var p in type.Properties) { Add(p.PropertyType); Attributes(p); }
        foreach (var e in type.Events) { Add(e.EventType); Attributes(e); }
        foreach (var m in type.Methods)
        {
            Add(m.ReturnType);
            Attributes(m);
            GenericParameters(m);
            foreach (var p in m.Parameters) { Add(p.ParameterType); Attributes(p); }
            foreach (var o in m.Overrides) Add(o.DeclaringType);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var h in m.Body.ExceptionHandlers) Add(h.CatchType);
            foreach (var ins in m.Body.Instructions)
            {
                switch (ins.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MethodReference mr:
                        Add(mr.DeclaringType);
                        Add(mr.ReturnType);
                        foreach (var p in mr.Parameters) Add(p.ParameterType);
                        if (mr is GenericInstanceMethod gm) foreach (var a in gm.GenericArguments) Add(a);
                        break;
                    case FieldReference fr: Add(fr.DeclaringType); Add(fr.FieldType); break;
                    case CallSite cs:
                        Add(cs.ReturnType);
                        foreach (var p in cs.Parameters) Add(p.ParameterType);
                        break;
                }
            }
        }
        return found;
    }

    private static void Collect(TypeReference? t, List<TypeReference> found, int depth)
    {
        if (t is null || depth > 16) return;
        switch (t)
        {
            case GenericInstanceType g:
                Collect(g.ElementType, found, depth + 1);
                foreach (var a in g.GenericArguments) Collect(a, found, depth + 1);
                return;
            case FunctionPointerType fp:
                Collect(fp.ReturnType, found, depth + 1);
                foreach (var p in fp.Parameters) Collect(p.ParameterType, found, depth + 1);
                return;
            case TypeSpecification s: // arrays, by-ref, pointers, modifiers
                Collect(s.ElementType, found, depth + 1);
                return;
            case GenericParameter:
                return;
            default:
                found.Add(t);
                return;
        }
    }
}
