namespace Enrollment.Functions.Tests;

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

        throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
