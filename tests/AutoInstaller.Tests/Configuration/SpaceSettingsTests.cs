using AutoInstaller.Configuration;
using AutoInstaller.Failures;

namespace AutoInstaller.Tests.Configuration;

public sealed class SpaceSettingsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData(null, new[] { "JupyterLab", "JupyterServer" })]
    [InlineData("JupyterServer", new[] { "JupyterServer" })]
    [InlineData("JupyterLab", new[] { "JupyterLab" })]
    [InlineData("JupyterServer,JupyterLab", new[] { "JupyterLab", "JupyterServer" })]
    public void BothStudioAppTypesAreSupported(string? configured, string[] expected)
    {
        var environment = configured is null ? Environment() : Environment(("AUTO_INSTALLER_APP_TYPES", configured));

        Assert.Equal(expected, FunctionSettings.ParseAppTypes(environment).Order());
    }

    [Theory]
    [InlineData("CodeEditor")]
    [InlineData("jupyterlab")]
    [InlineData("JupyterServer,KernelGateway")]
    public void OtherAppTypesAreAConfigurationError(string configured)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            FunctionSettings.ParseAppTypes(Environment(("AUTO_INSTALLER_APP_TYPES", configured))));

        Assert.Contains("supported: JupyterServer, JupyterLab", error.Message);
    }

    [Theory]
    [InlineData(null, "Skip")]
    [InlineData("", "Skip")]
    [InlineData("skip", "Skip")]
    [InlineData("owner", "Owner")]
    public void SharedSpacesAreSkippedUnlessConfiguredOtherwise(string? configured, string expected)
    {
        var environment = configured is null ? Environment() : Environment(("AUTO_INSTALLER_SHARED_SPACES", configured));

        Assert.Equal(expected, FunctionSettings.ParseSharedSpaces(environment).ToString());
    }

    [Theory]
    [InlineData("Owner")]
    [InlineData("all")]
    public void AnUnknownSharedSpacePolicyIsAConfigurationError(string configured)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            FunctionSettings.ParseSharedSpaces(Environment(("AUTO_INSTALLER_SHARED_SPACES", configured))));

        Assert.Equal($"AUTO_INSTALLER_SHARED_SPACES is '{configured}'; expected skip or owner", error.Message);
    }
}
