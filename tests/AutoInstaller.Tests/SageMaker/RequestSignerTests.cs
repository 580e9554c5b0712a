using System.Text;
using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Tests.SageMaker;

public sealed class RequestSignerTests
{
    /// <summary>
    /// A known SigV4 vector: AWS's documentation example keys, a DescribeApp request signed at 2015-08-30T12:36:00Z.
    /// The expected signature was computed independently by botocore's <c>SigV4Auth</c> for the same request
    /// (same headers, session token and payload hash).
    /// </summary>
    [Fact]
    public async Task SignatureMatchesAnIndependentlyComputedVector()
    {
        var signer = new RequestSigner(
            new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN"),
            RegionEndpoint.USEast1,
            "sagemaker");

        using var request = await signer.CreateSignedPostAsync(
            new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"),
            new Dictionary<string, string> { ["X-Amz-Target"] = "SageMaker.DescribeApp" },
            "application/x-amz-json-1.1",
            Encoding.UTF8.GetBytes("{\"DomainId\":\"d-abc\"}"),
            CancellationToken.None,
            signedAt: new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc));

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sagemaker/aws4_request, " +
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target, " +
            "Signature=5444bd40b42ad221243022bb868fd4b75ca569c8552b6fafa3e2d499120254cb",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal("SESSIONTOKEN", request.Headers.GetValues("X-Amz-Security-Token").Single());
        Assert.Equal("SageMaker.DescribeApp", request.Headers.GetValues("X-Amz-Target").Single());
        Assert.Equal("application/x-amz-json-1.1", request.Content!.Headers.ContentType!.ToString());
        Assert.Equal("{\"DomainId\":\"d-abc\"}", await request.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("us-east-1", "https://api.sagemaker.us-east-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://api.sagemaker.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://api.sagemaker.us-gov-west-1.amazonaws.com/")]
    public void RegionalEndpointFollowsThePartition(string region, string expected) =>
        Assert.Equal(expected, SageMakerClient.RegionalEndpoint(RegionEndpoint.GetBySystemName(region)).ToString());

    [Fact]
    public void PresignedUrlPrintsWithoutItsToken()
    {
        var url = new PresignedUrl(new Uri("https://d-abc.studio.us-east-1.sagemaker.aws/auth?token=SECRET123"));

        Assert.Equal("https://d-abc.studio.us-east-1.sagemaker.aws/(presigned, redacted)", url.ToString());
        Assert.DoesNotContain("SECRET123", $"{url}");
    }
}
