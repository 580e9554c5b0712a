using AutoInstaller.Configuration;
using AutoInstaller.Failures;

namespace AutoInstaller.Tests.Configuration;

public sealed class FunctionSettingsTests
{
    private static readonly string ShippedScript = RepoPaths.Combine("setup", "setup.sh");

    private static Func<string, string?> Environment(params (string Name, string Value)[] values)
    {
        var all = new Dictionary<string, string> { ["AUTO_INSTALLER_DOMAIN_IDS"] = "d-sandbox00001", ["AWS_REGION"] = "us-east-1" };
        foreach (var (name, value) in values)
        {
            all[name] = value;
        }

        return name => all.GetValueOrDefault(name);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("123456789012", "123456789012")]
    public void TheAccountIsTheConfiguredOneOrLeftToTheFunctionsArn(string? configured, string? expected)
    {
        var environment = configured is null ? Environment() : Environment(("AUTO_INSTALLER_ACCOUNT_ID", configured));

        Assert.Equal(expected, FunctionSettings.FromEnvironment(environment, ShippedScript).AccountId);
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("1234567890123")]
    [InlineData("12345678901a")]
    [InlineData(" 123456789012")]
    public void AnAccountThatIsNotTwelveDigitsIsAConfigurationError(string configured)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            FunctionSettings.FromEnvironment(Environment(("AUTO_INSTALLER_ACCOUNT_ID", configured)), ShippedScript));

        Assert.Equal($"AUTO_INSTALLER_ACCOUNT_ID is '{configured}'; expected an AWS account id of 12 digits", error.Message);
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("http://api.sagemaker.us-east-1.amazonaws.com/")]
    [InlineData("http://10.0.0.5:8080/")]
    public void PlainHttpToAnotherHostIsRefusedForTheSageMakerEndpoint(string configured)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            FunctionSettings.FromEnvironment(Environment(("AUTO_INSTALLER_SAGEMAKER_ENDPOINT", configured)), ShippedScript));

        Assert.Equal($"AUTO_INSTALLER_SAGEMAKER_ENDPOINT is '{configured}'; plain http is allowed only on a loopback address", error.Message);
    }

    [Theory]
    [InlineData("https://api.sagemaker.us-east-1.amazonaws.com/")]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]:5000/")]
    public void HttpsOrLoopbackHttpIsAcceptedForTheSageMakerEndpoint(string configured)
    {
        var settings = FunctionSettings.FromEnvironment(Environment(("AUTO_INSTALLER_SAGEMAKER_ENDPOINT", configured)), ShippedScript);

        Assert.Equal(new Uri(configured), settings.SageMakerEndpoint);
    }
}
