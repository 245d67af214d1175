using DiceOffload.Bench.Scenarios;

namespace DiceOffload.Bench.Study;

/// <summary>Where the study finds the repository and writes its results.</summary>
public static class StudyPaths
{
    /// <summary>The folder that holds Bench.sln, searched upwards from the program and then from the current folder.</summary>
    public static string? RepositoryRoot() => Holding("Bench.sln");

    /// <summary>The folder that holds the article's Node.js program (<c>node/bench.js</c>): the repository, or a bundle.</summary>
    public static string? NodeRoot() => Holding(Path.Combine("node", "bench.js"));

    /// <summary>The operating system floors' C program (<c>floors/floors.c</c>) in the repository or a bundle; null when neither has it.</summary>
    public static string? FloorsSource() => Holding(FloorsScenario.Source) is { } root ? Path.Combine(root, FloorsScenario.Source) : null;

    // the folder, upwards from the program and then from the current folder, that holds the file at relativePath
    private static string? Holding(string relativePath)
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, relativePath)))
                    return dir.FullName;
            }
        }
        return null;
    }
}
