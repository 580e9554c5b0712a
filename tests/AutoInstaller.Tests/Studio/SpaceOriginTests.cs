using AutoInstaller.Studio;

namespace AutoInstaller.Tests.Studio;

public sealed class SpaceOriginTests
{
    [Theory]
    [InlineData("https://abcdefgh12345678.studio.us-east-1.sagemaker.aws/jupyterlab/default", "https://abcdefgh12345678.studio.us-east-1.sagemaker.aws/")]
    [InlineData("https://abcdefgh12345678.studio.us-east-1.sagemaker.aws", "https://abcdefgh12345678.studio.us-east-1.sagemaker.aws/")]
    [InlineData("https://d-abc123.studio.us-east-1.sagemaker.aws/?x=1", "https://d-abc123.studio.us-east-1.sagemaker.aws/")]
    public void AStudioHostOfTheRegionIsTheSpacesOrigin(string url, string origin)
    {
        var space = StudioOrigin.ForSpace(url, "us-east-1", local: false);

        Assert.Equal(new Uri(origin), space.Value);
        Assert.Equal(new Uri(origin + "jupyterlab/default/"), space.JupyterLabBase);
    }

    [Theory]
    [InlineData("http://abcdefgh12345678.studio.us-east-1.sagemaker.aws/", "is not a Studio host of us-east-1")]
    [InlineData("https://abcdefgh12345678.studio.eu-west-1.sagemaker.aws/", "is not a Studio host of us-east-1")]
    [InlineData("https://abcdefgh12345678.studio.us-east-1.sagemaker.aws:8443/", "is not a Studio host of us-east-1")]
    [InlineData("https://abc.studio.us-east-1.sagemaker.aws.attacker.example/", "is not a Studio host of us-east-1")]
    [InlineData("https://a.b.studio.us-east-1.sagemaker.aws/", "is not a Studio host of us-east-1")]
    [InlineData("https://127.0.0.2/", "is not a Studio host of us-east-1")]
    [InlineData("https://user:pw@abc.studio.us-east-1.sagemaker.aws/", "is not an absolute http(s) URL without user info")]
    [InlineData("/jupyterlab/default", "is not an absolute http(s) URL")]
    [InlineData("ftp://abc.studio.us-east-1.sagemaker.aws/", "is not an absolute http(s) URL")]
    [InlineData(null, "(absent)")]
    public void AnyOtherUrlIsRefused(string? url, string reason)
    {
        var error = Assert.Throws<SpaceNotUsableException>(() => StudioOrigin.ForSpace(url, "us-east-1", local: false));

        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("pw", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.2:41234/", true)]
    [InlineData("http://localhost:8080/jupyterlab/default", true)]
    [InlineData("https://abcdefgh12345678.studio.us-east-1.sagemaker.aws/", false)]
    [InlineData("http://192.0.2.10:8080/", false)]
    public void WithALocalStudioOriginOnlyLoopbackIsAccepted(string url, bool accepted)
    {
        if (accepted)
        {
            Assert.Equal(new Uri(url).GetLeftPart(UriPartial.Authority) + "/", StudioOrigin.ForSpace(url, "us-east-1", local: true).Value.ToString());
        }
        else
        {
            Assert.Contains("is not on loopback", Assert.Throws<SpaceNotUsableException>(() => StudioOrigin.ForSpace(url, "us-east-1", local: true)).Message);
        }
    }
}
