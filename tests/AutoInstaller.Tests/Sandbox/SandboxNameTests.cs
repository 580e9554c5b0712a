using System.Net;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// The sandbox's name patterns are anchored at the very end of the value: .NET's <c>$</c> also matches before a final
/// newline, so <c>alice\n</c> would pass <c>^...$</c> and become a user directory with a newline in its name.
/// </summary>
public sealed class SandboxNameTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("newline\n")]
    [InlineData("newline\r\n")]
    [InlineData("\nnewline")]
    public async Task AProfileNameWithALineBreakIsAValidationException(string name)
    {
        var (status, body) = await fixture.Host.SageMaker.CallAsync("CreateUserProfile", new { DomainId = SandboxHost.DomainId, UserProfileName = name });

        Assert.Equal((HttpStatusCode.BadRequest, "ValidationException"), (status, body.GetProperty("__type").GetString()));
        Assert.False(Directory.Exists(Path.Combine(fixture.Host.Root, "users", name)));
    }

    [Fact]
    public async Task ADomainIdWithATrailingNewlineIsAValidationException()
    {
        var (status, body) = await fixture.Host.SageMaker.CallAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId + "\n" });

        Assert.Equal((HttpStatusCode.BadRequest, "ValidationException"), (status, body.GetProperty("__type").GetString()));
    }

    [Fact]
    public async Task AnAppNameWithATrailingNewlineIsAValidationException()
    {
        await fixture.Host.SageMaker.CreateUserProfileAsync("app-named");

        var (status, body) = await fixture.Host.SageMaker.CallAsync("CreateApp", new { DomainId = SandboxHost.DomainId, UserProfileName = "app-named", AppType = "JupyterServer", AppName = "default\n" });

        Assert.Equal((HttpStatusCode.BadRequest, "ValidationException"), (status, body.GetProperty("__type").GetString()));
    }
}
