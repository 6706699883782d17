namespace Enrollment.Testing;

/// <summary>The repository the tests and tools run from: the folder above them that holds Enrollment.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Enrollment.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests and tools from inside the repository.");
    }
}
