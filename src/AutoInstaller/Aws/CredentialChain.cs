using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using AutoInstaller.Failures;

namespace AutoInstaller.Aws;

/// <summary>AWSSDK.Core's default credential chain: environment, profiles, SSO, container and instance roles.</summary>
internal static class CredentialChain
{
    public static AWSCredentials Resolve()
    {
        try
        {
            return new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null);
        }
        catch (AmazonClientException e)
        {
            throw new ConfigurationException($"no AWS credentials: {e.Message}");
        }
    }
}
