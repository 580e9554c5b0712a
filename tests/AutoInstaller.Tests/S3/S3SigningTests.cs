using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.S3;

namespace AutoInstaller.Tests.S3;

public sealed class S3SigningTests
{
    private static readonly RequestSigner Signer = new(
        new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN"), RegionEndpoint.USEast1, "s3");

    /// <summary>
    /// GetObject signed at 2015-08-30T12:36:00Z with AWS's documentation example keys and a session token. The expected
    /// signatures were computed independently by botocore's <c>S3SigV4Auth</c> (the AWS CLI's S3 signer) for the same
    /// URLs: virtual-hosted, path-style for a bucket name with dots, and a key that needs percent-encoding.
    /// </summary>
    [Theory]
    [InlineData("s3://my-bucket/studio/setup-v2.sh", "5ad7030e9cda504326f561aa15f96c23863033a1a8badb863195ba4e221fa726")]
    [InlineData("s3://my.dotted.bucket/studio/setup.sh", "5bea47120ca78263261d4d4ea54252e17d8244dbc1f8e1e99d312679babe2ae6")]
    [InlineData("s3://my-bucket/my setup.sh", "f2c7e607c2b0cc969a077dc2f6db147be7e7fe90943f80b0086616d4e9c91452")]
    public async Task GetObjectSignatureMatchesAnIndependentlyComputedVector(string uri, string signature)
    {
        var url = S3ObjectUri.Parse("S", uri).Url(RegionEndpoint.USEast1, endpoint: null);

        using var request = await Signer.CreateSignedGetAsync(url, CancellationToken.None, signedAt: new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc));

        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Null(request.Content);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, " +
            $"SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature={signature}",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", request.Headers.GetValues("x-amz-content-sha256").Single());
        Assert.Equal("SESSIONTOKEN", request.Headers.GetValues("X-Amz-Security-Token").Single());
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a</Key></Error>",
        "NoSuchKey", "The specified key does not exist.")]
    [InlineData("<Error>\n  <Code>AccessDenied</Code>\n  <Message>User &lt;arn&gt; is not authorized &amp; denied</Message>\n</Error>", "AccessDenied", "User <arn> is not authorized & denied")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", null, null)]
    [InlineData("", null, null)]
    public void ErrorBodiesGiveS3sCodeAndMessage(string body, string? code, string? message) =>
        Assert.Equal((code, message), S3ErrorBody.Parse(System.Text.Encoding.UTF8.GetBytes(body)));
}
