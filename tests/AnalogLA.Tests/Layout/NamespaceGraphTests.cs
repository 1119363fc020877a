using System.Text.RegularExpressions;

namespace AnalogLA.Tests.Layout;

/// <summary>The library's namespaces (one per folder) form a directed acyclic graph of dependencies.</summary>
public partial class NamespaceGraphTests
{
    private static readonly string[] Namespaces = ["Numerics", "Devices", "Periphery", "Crossbar", "Stochastic", "Bayesian", "Solvers", "IO", "Validation"];

    [GeneratedRegex(@"^\s*using\s+(?:\w+\s*=\s*)?AnalogLA\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"(?<![\w.])(Numerics|Devices|Periphery|Crossbar|Stochastic|Bayesian|Solvers|IO|Validation)\.[A-Z]")]
    private static partial Regex QualifiedReference();

    /// <summary>namespace → the namespaces its files use (using directives and qualified references in code, not comments).</summary>
    internal static Dictionary<string, HashSet<string>> Graph(string source)
    {
        var graph = Namespaces.ToDictionary(n => n, _ => new HashSet<string>());
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            {
                continue;
            }

            string text = File.ReadAllText(file);
            var ns = Regex.Match(text, @"^namespace\s+AnalogLA\.(\w+)", RegexOptions.Multiline);
            if (!ns.Success || !graph.TryGetValue(ns.Groups[1].Value, out var uses))
            {
                continue;
            }

            foreach (Match m in UsingDirective().Matches(text))
            {
                uses.Add(m.Groups[1].Value);
            }

            foreach (string line in text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)))
            {
                foreach (Match m in QualifiedReference().Matches(line))
                {
                    uses.Add(m.Groups[1].Value);
                }
            }

            uses.Remove(ns.Groups[1].Value);
        }

        return graph;
    }

    private static string LibrarySource()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AnalogLA.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            Assert.Ignore("the repository root (AnalogLA.sln) is not above the test directory; the source graph cannot be read.");
        }

        return Path.Combine(dir!.FullName, "src", "AnalogLA");
    }

    [Test]
    public void TheNamespaceGraphHasNoCycle()
    {
        var graph = Graph(LibrarySource());
        Assert.That(graph["Crossbar"], Does.Contain("Periphery"), "the graph reader must see real dependencies");
        // Depth-first search; a back edge is a cycle, reported with its path.
        var state = graph.Keys.ToDictionary(k => k, _ => 0);
        var path = new Stack<string>();
        string? cycle = null;
        void Visit(string n)
        {
            state[n] = 1;
            path.Push(n);
            foreach (var m in graph[n].Where(graph.ContainsKey))
            {
                if (state[m] == 1)
                {
                    cycle ??= string.Join(" → ", path.Reverse().SkipWhile(p => p != m).Append(m));
                }
                else if (state[m] == 0)
                {
                    Visit(m);
                }
            }

            path.Pop();
            state[n] = 2;
        }

        foreach (var n in graph.Keys.Where(n => state[n] == 0))
        {
            Visit(n);
        }

        TestContext.Out.WriteLine(string.Join("\n", graph.Select(kv => $"{kv.Key} → {string.Join(", ", kv.Value.Order())}")));
        Assert.That(cycle, Is.Null, $"namespace cycle: {cycle}");
    }

    [Test]
    public void TheCycleCheckFindsAPlantedCycle()
    {
        // A planted IO → Bayesian → IO cycle in a scratch tree must be found by the same reader.
        string dir = Path.Combine(Path.GetTempPath(), $"analogla-graph-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "A.cs"), "using AnalogLA.Bayesian;\nnamespace AnalogLA.IO;\npublic class A { }\n");
            File.WriteAllText(Path.Combine(dir, "B.cs"), "namespace AnalogLA.Bayesian;\npublic class B { IO.A? a; }\n");
            var graph = Graph(dir);
            Assert.That(graph["IO"], Does.Contain("Bayesian"));
            Assert.That(graph["Bayesian"], Does.Contain("IO"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
