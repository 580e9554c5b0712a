using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.Diagnostics;
using AutoInstaller.Failures;
using AutoInstaller.S3;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>The sandbox's S3: signatures checked like AWS's, S3's XML errors, and uploads by the real AWS CLI.</summary>
public sealed class SandboxS3Tests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Bucket = "sandbox-s3-tests";
    private static readonly byte[] Script = "# step: hello\necho hello\n"u8.ToArray();
    private readonly S3TestClient s3 = new(fixture.Host.Origin);

    public void Dispose() => s3.Dispose();

    [Fact]
    public async Task TheFunctionsSignedGetObjectReadsWhatWasPut()
    {
        await BucketAsync();
        var versionId = await s3.PutObjectAsync(Bucket, "studio/setup.sh", Script);

        var read = await Client(SandboxHost.SecretAccessKey).GetObjectAsync(Uri("studio/setup.sh"), 1024, CancellationToken.None);

        Assert.Equal(Script, read.Content);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Script)), read.ETag);
        Assert.Equal(versionId, read.VersionId);
    }

    [Fact]
    public async Task AKeyThatNeedsPercentEncodingIsSignedAndReadAsS3Would()
    {
        await BucketAsync();
        const string key = "team a/setup+v2 (ü).sh";
        await s3.PutObjectAsync(Bucket, key, Script);

        var read = await Client(SandboxHost.SecretAccessKey).GetObjectAsync(Uri(key), 1024, CancellationToken.None);

        Assert.Equal(Script, read.Content);
    }

    [Theory]
    [InlineData("missing.sh", null, HttpStatusCode.NotFound, "NoSuchKey")]
    [InlineData("studio/setup.sh", "not-the-secret", HttpStatusCode.Forbidden, "SignatureDoesNotMatch")]
    public async Task ErrorsAreS3sCodes(string key, string? secret, HttpStatusCode status, string code)
    {
        await BucketAsync();
        await s3.PutObjectAsync(Bucket, "studio/setup.sh", Script);

        var error = await Assert.ThrowsAsync<S3Exception>(() =>
            Client(secret ?? SandboxHost.SecretAccessKey).GetObjectAsync(Uri(key), 1024, CancellationToken.None));

        Assert.Equal((status, code), (error.Status, error.Code));
        Assert.Equal(FailureKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task AMissingBucketAnUnknownKeyIdAndAnUnsignedRequestAreRefused()
    {
        using var noBucket = await s3.SendAsync(HttpMethod.Get, s3.ObjectUrl("no-such-bucket", "setup.sh"), [], SandboxHost.SecretAccessKey);
        var unknownKey = await Assert.ThrowsAsync<S3Exception>(() => new S3Client(new HttpClient(), RegionEndpoint.USEast1, s3.Endpoint,
            new RequestSigner(new BasicAWSCredentials("AKIAUNKNOWNKEYEXAMPL", SandboxHost.SecretAccessKey), RegionEndpoint.USEast1, "s3"),
            TimeProvider.System, Quiet()).GetObjectAsync(Uri("setup.sh"), 1024, CancellationToken.None));
        using var http = new HttpClient();
        using var unsigned = await http.GetAsync(s3.ObjectUrl(Bucket, "setup.sh"));

        await AssertErrorAsync(noBucket, HttpStatusCode.NotFound, "NoSuchBucket");
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidAccessKeyId"), (unknownKey.Status, unknownKey.Code));
        await AssertErrorAsync(unsigned, HttpStatusCode.Forbidden, "AccessDenied");
    }

    [Fact]
    public async Task APayloadThatDoesNotMatchItsSignedHashIsRefused()
    {
        await BucketAsync();
        using var request = await s3.SignAsync(HttpMethod.Put, s3.ObjectUrl(Bucket, "tampered.sh"), Script, SandboxHost.SecretAccessKey);
        request.Content = new ByteArrayContent("echo changed\n"u8.ToArray());
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch");
    }

    [Fact]
    public async Task TheAwsCliCreatesABucketUploadsAndDownloadsPathStyle()
    {
        var file = Path.Combine(fixture.Host.Root, "cli-upload.sh");
        await File.WriteAllBytesAsync(file, Script);

        var made = await AwsCli.S3Async(s3.Endpoint, ["mb", "s3://sandbox-cli-bucket"]);
        var copied = await AwsCli.S3Async(s3.Endpoint, ["cp", file, "s3://sandbox-cli-bucket/studio/setup.sh"]);
        var downloaded = await AwsCli.S3Async(s3.Endpoint, ["cp", "s3://sandbox-cli-bucket/studio/setup.sh", "-"]);

        Assert.Equal(0, made.ExitCode);
        Assert.Equal(0, copied.ExitCode);
        Assert.Equal((0, Encoding.UTF8.GetString(Script)), (downloaded.ExitCode, downloaded.Stdout));
        var read = await Client(SandboxHost.SecretAccessKey).GetObjectAsync(S3ObjectUri.Parse("S", "s3://sandbox-cli-bucket/studio/setup.sh"), 1024, CancellationToken.None);
        Assert.Equal(Script, read.Content);
    }

    private async Task BucketAsync()
    {
        using var response = await s3.SendAsync(HttpMethod.Put, new Uri($"{s3.Endpoint}/{Bucket}"), [], SandboxHost.SecretAccessKey);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
    }

    private S3Client Client(string secret) => new(
        new HttpClient(),
        RegionEndpoint.USEast1,
        s3.Endpoint,
        new RequestSigner(new BasicAWSCredentials(SandboxHost.AccessKeyId, secret), RegionEndpoint.USEast1, "s3"),
        TimeProvider.System,
        Quiet(),
        maxRetries: 1);

    private static S3ObjectUri Uri(string key) => S3ObjectUri.Parse("S", $"s3://{Bucket}/{key}");

    private static Log Quiet() => new(TextWriter.Null, LogLevel.Info, Log.Text, TimeProvider.System);

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal((status, "Error", code), (response.StatusCode, error.Name.LocalName, error.Element("Code")?.Value));
        Assert.NotEmpty(error.Element("Message")!.Value);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
    }
}
