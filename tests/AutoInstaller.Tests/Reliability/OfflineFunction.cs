using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon;
using Amazon.Runtime;
using AutoInstaller.Aws;
using AutoInstaller.Composition;
using AutoInstaller.Diagnostics;
using AutoInstaller.Events;
using AutoInstaller.Hosting;
using AutoInstaller.SageMaker;
using AutoInstaller.Setup;
using AutoInstaller.Tests.Sandbox;

namespace AutoInstaller.Tests.Reliability;

/// <summary>
/// The real <see cref="FunctionHandler"/> for the sandbox's domain, account and region, whose SageMaker endpoint is a
/// closed loopback port unless one is given: an accepted event then fails at its first call (after one retry) and
/// reaches no AWS. Every request the function attempts is counted; every answer and exception goes to
/// <see cref="RunEvidence"/>. <paramref name="accountId"/> is <c>AUTO_INSTALLER_ACCOUNT_ID</c> (null: the ARN's account).
/// </summary>
internal sealed class OfflineFunction(Uri? sageMakerEndpoint = null, string? accountId = null)
{
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(5);

    private readonly CountingHandler counter = new();

    public int NetworkRequests => counter.Requests;

    public InvocationHandler CreateHandler(Log log)
    {
        var region = RegionEndpoint.GetBySystemName(SandboxHost.Region);
        var options = new PipelineOptions(
            new AcceptPolicy(new HashSet<string> { SandboxHost.DomainId }, new HashSet<string> { "JupyterServer" }, SandboxHost.Region, accountId),
            ScriptSource.Loaded("echo should never run\n"u8.ToArray(), "file", "setup.sh"),
            DeadlineMargin,
            StudioOrigin: null);
        RunEvidence.Secret(RunEvidence.AwsSecretKey, SandboxHost.SecretAccessKey);
        var signer = new RequestSigner(new BasicAWSCredentials(SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey), region, "sagemaker");
        var sageMaker = new SageMakerClient(new HttpClient(counter) { Timeout = TimeSpan.FromSeconds(5) }, sageMakerEndpoint ?? ClosedLoopbackEndpoint(), signer, TimeProvider.System, maxRetries: 1);
        InvocationHandler handler = new FunctionHandler(options, new PipelinePorts(new Lazy<ISageMakerApi>(sageMaker), new StudioSignIn(PipelineComposition.RequestTimeout)), log, TextWriter.Null, TimeProvider.System).HandleAsync;
        return async (invocation, cancellationToken) =>
        {
            try
            {
                var answer = await handler(invocation, cancellationToken);
                RunEvidence.Text("handler answer", Encoding.UTF8.GetString(answer));
                return answer;
            }
            catch (Exception e)
            {
                RunEvidence.Text("handler exception", e.ToString());
                throw;
            }
        };
    }

    /// <summary>A loopback port that was just free: connecting to it is refused.</summary>
    private static Uri ClosedLoopbackEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
