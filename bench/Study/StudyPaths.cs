namespace DiceOffload.Bench.Study;

/// <summary>Where the study finds the repository and writes its results.</summary>
public static class StudyPaths
{
    /// <summary>The folder that holds Bench.sln, searched upwards from the program and then from the current folder.</summary>
    public static string? RepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bench.sln")))
                    return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>The folder that holds the article's Node.js program (<c>node/bench.js</c>): the repository, or a bundle.</summary>
    public static string? NodeRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "node", "bench.js")))
                    return dir.FullName;
            }
        }
        return null;
    }
}
