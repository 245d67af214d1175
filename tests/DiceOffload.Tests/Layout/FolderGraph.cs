using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiceOffload.Tests.Layout;

/// <summary>Which folder of a program's sources uses which: every name in a file bound by the compiler, and an edge to
/// the folder that declares the type it names (or the member's type), whether the file wrote a <c>using</c>, a
/// qualified name, or only called a member on a value.</summary>
internal static class FolderGraph
{
    /// <summary>One source file: the top folder it lives in, and its text.</summary>
    public sealed record Source(string Folder, string Name, string Text);

    /// <summary>One use of another folder: the file that uses it and the type it names there.</summary>
    public sealed record Use(string File, string Type);

    public sealed record Graph(IReadOnlyDictionary<(string From, string To), IReadOnlyList<Use>> Edges, IReadOnlyList<Diagnostic> UnresolvedNames);

    // the implicit usings of an SDK project (ImplicitUsings=enable)
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The sources of bench/: each file under its top folder, files directly in bench/ under "(root)"; bin/ and obj/ left out.</summary>
    public static IReadOnlyList<Source> BenchSources(string repositoryRoot)
    {
        string bench = Path.Combine(repositoryRoot, "bench");
        return [.. Directory.EnumerateFiles(bench, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(bench, path).Split(Path.DirectorySeparatorChar))
            .Where(parts => parts[0] is not ("bin" or "obj"))
            .Select(parts => new Source(parts.Length > 1 ? parts[0] : "(root)", string.Join('/', parts), File.ReadAllText(Path.Combine([bench, .. parts]))))];
    }

    /// <param name="exclude">Assemblies that would declare the sources' types a second time (the compiled program itself).</param>
    public static Graph Build(IReadOnlyList<Source> sources, params string[] exclude)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = sources.Select(s => (s.Folder, s.Name, Tree: CSharpSyntaxTree.ParseText(s.Text, parse, path: s.Name))).ToList();
        var compilation = CSharpCompilation.Create("folder-graph",
            [.. trees.Select(t => t.Tree), CSharpSyntaxTree.ParseText(ImplicitUsings, parse)],
            References(exclude),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        var folderOf = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
        foreach (var (folder, _, tree) in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().Where(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax))
            {
                if (model.GetDeclaredSymbol(declaration) is { } type)
                    folderOf[type] = folder;
            }
        }

        var edges = new Dictionary<(string, string), List<Use>>();
        foreach (var (folder, name, tree) in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var info = model.GetSymbolInfo(node);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
                {
                    if (!folderOf.TryGetValue(type.OriginalDefinition, out string? declaredIn))
                        continue;
                    if (declaredIn != folder)
                    {
                        if (!edges.TryGetValue((folder, declaredIn), out var uses))
                            edges[(folder, declaredIn)] = uses = [];
                        if (!uses.Any(u => u.File == name && u.Type == type.Name))
                            uses.Add(new Use(name, type.Name));
                    }
                    break;
                }
            }
        }
        // a name the compiler could not find would hide an edge: the graph is only as complete as the binding
        var unresolved = compilation.GetDiagnostics().Where(d => d.Id is "CS0103" or "CS0234" or "CS0246").ToList();
        return new Graph(edges.ToDictionary(e => e.Key, e => (IReadOnlyList<Use>)e.Value), unresolved);
    }

    /// <summary>A loop of folders, each using the next and the last using the first (the first repeated at the end); null when there is none.</summary>
    public static IReadOnlyList<string>? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (string start in next.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
                return cycle;
        }
        return null;

        IReadOnlyList<string>? Visit(string folder)
        {
            int onPath = path.IndexOf(folder);
            if (onPath >= 0)
                return [.. path[onPath..], folder];
            if (!done.Add(folder))
                return null;
            path.Add(folder);
            foreach (string to in next.GetValueOrDefault(folder) ?? [])
            {
                if (Visit(to) is { } cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    // the assemblies this test process runs on: the shared frameworks (ASP.NET Core's among them) and every package
    private static IEnumerable<MetadataReference> References(string[] exclude) =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !exclude.Contains(Path.GetFileName(path), StringComparer.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));
}
