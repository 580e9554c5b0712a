namespace AutoInstaller.Tests;

public sealed class RepositoryTests
{
    [Fact]
    public void SolutionIsFoundFromTheTestOutput() => Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "AutoInstaller.sln")));
}
