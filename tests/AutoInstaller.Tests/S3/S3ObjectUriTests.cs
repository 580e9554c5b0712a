using Amazon;
using AutoInstaller.Failures;
using AutoInstaller.S3;

namespace AutoInstaller.Tests.S3;

public sealed class S3ObjectUriTests
{
    [Theory]
    [InlineData("s3://my-bucket/setup.sh", "my-bucket", "setup.sh")]
    [InlineData("s3://abc/studio/auto-installer/setup_v2.sh", "abc", "studio/auto-installer/setup_v2.sh")]
    [InlineData("s3://my.dotted.bucket/a/b~c/.hidden", "my.dotted.bucket", "a/b~c/.hidden")]
    [InlineData("s3://0123456789/x", "0123456789", "x")]
    [InlineData("s3://my-bucket/scripts/my setup+v2 (ü).sh", "my-bucket", "scripts/my setup+v2 (ü).sh")]
    public void AValidUriNamesItsBucketAndKey(string value, string bucket, string key)
    {
        var uri = S3ObjectUri.Parse("SETTING", value);

        Assert.Equal((bucket, key), (uri.Bucket, uri.Key));
        Assert.Equal(value, uri.ToString());
    }

    [Theory]
    [InlineData("my-bucket/setup.sh", "expected s3://BUCKET/KEY")]
    [InlineData("https://my-bucket.s3.amazonaws.com/setup.sh", "expected s3://BUCKET/KEY")]
    [InlineData("s3://my-bucket", "expected s3://BUCKET/KEY")]
    [InlineData("s3://my-bucket/", "the key must be 1 to 1024 bytes of UTF-8")]
    [InlineData("s3://ab/setup.sh", "the bucket name 'ab' must be 3 to 63")]
    [InlineData("s3://My-Bucket/setup.sh", "the bucket name 'My-Bucket' must be")]
    [InlineData("s3://-bucket/setup.sh", "the bucket name '-bucket' must be")]
    [InlineData("s3://bucket_1/setup.sh", "the bucket name 'bucket_1' must be")]
    [InlineData("s3://my..bucket/setup.sh", "has an empty or hyphen-edged label")]
    [InlineData("s3://my-.bucket/setup.sh", "has an empty or hyphen-edged label")]
    [InlineData("s3://192.168.5.4/setup.sh", "is an IP address")]
    [InlineData("s3://xn--bucket/setup.sh", "begins with 'xn--'")]
    [InlineData("s3://bucket-s3alias/setup.sh", "ends with '-s3alias'")]
    [InlineData("s3://bucket--x-s3/setup.sh", "ends with '--x-s3'")]
    [InlineData("s3://my-bucket//setup.sh", "has an empty segment")]
    [InlineData("s3://my-bucket/dir/", "has an empty segment")]
    [InlineData("s3://my-bucket/scripts/*", "has a control character, '*' or '?'")]
    [InlineData("s3://my-bucket/setup.sh?versionId=1", "has a control character, '*' or '?'")]
    [InlineData("s3://my-bucket/set\tup.sh", "has a control character, '*' or '?'")]
    [InlineData("s3://my-bucket/a/../setup.sh", "has a '.' or '..' segment")]
    [InlineData("s3://my-bucket/./setup.sh", "has a '.' or '..' segment")]
    public void AnInvalidUriIsAConfigurationErrorThatNamesTheSetting(string value, string problem)
    {
        var error = Assert.Throws<ConfigurationException>(() => S3ObjectUri.Parse("AUTO_INSTALLER_SETUP_SCRIPT_S3_URI", value));

        Assert.StartsWith($"AUTO_INSTALLER_SETUP_SCRIPT_S3_URI is '{value}': ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AKeyOfMoreThan1024BytesIsRefused()
    {
        Assert.Equal(1024, S3ObjectUri.Parse("S", "s3://my-bucket/" + new string('k', 1024)).Key.Length);
        Assert.Throws<ConfigurationException>(() => S3ObjectUri.Parse("S", "s3://my-bucket/" + new string('k', 1025)));
        Assert.Throws<ConfigurationException>(() => S3ObjectUri.Parse("S", "s3://my-bucket/" + new string('ü', 513)));
    }

    [Theory]
    [InlineData("s3://my-bucket/studio/setup.sh", "us-east-1", "https://my-bucket.s3.us-east-1.amazonaws.com/studio/setup.sh")]
    [InlineData("s3://my-bucket/setup.sh", "eu-west-1", "https://my-bucket.s3.eu-west-1.amazonaws.com/setup.sh")]
    [InlineData("s3://my-bucket/setup.sh", "cn-north-1", "https://my-bucket.s3.cn-north-1.amazonaws.com.cn/setup.sh")]
    [InlineData("s3://my.dotted.bucket/setup.sh", "us-east-1", "https://s3.us-east-1.amazonaws.com/my.dotted.bucket/setup.sh")]
    [InlineData("s3://my-bucket/a b/c+d (ü)~'!.sh", "us-east-1", "https://my-bucket.s3.us-east-1.amazonaws.com/a%20b/c%2Bd%20%28%C3%BC%29~%27%21.sh")]
    public void TheRegionsUrlIsVirtualHostedExceptForDottedBuckets(string value, string region, string expected) =>
        Assert.Equal(expected, S3ObjectUri.Parse("S", value).Url(RegionEndpoint.GetBySystemName(region), endpoint: null).AbsoluteUri);

    [Theory]
    [InlineData("http://127.0.0.1:8765/s3", "http://127.0.0.1:8765/s3/my-bucket/studio/setup.sh")]
    [InlineData("http://127.0.0.1:8765/s3/", "http://127.0.0.1:8765/s3/my-bucket/studio/setup.sh")]
    [InlineData("https://s3.internal.example", "https://s3.internal.example/my-bucket/studio/setup.sh")]
    public void AConfiguredEndpointIsPathStyleBelowItsPath(string endpoint, string expected) =>
        Assert.Equal(expected, S3ObjectUri.Parse("S", "s3://my-bucket/studio/setup.sh").Url(RegionEndpoint.USEast1, new Uri(endpoint)).AbsoluteUri);
}
