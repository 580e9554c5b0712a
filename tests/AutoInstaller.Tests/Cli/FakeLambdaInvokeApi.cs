using System.Collections.Concurrent;
using AutoInstaller.Tests.Reliability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AutoInstaller.Tests.Cli;

/// <summary>An invocation the fake Lambda API received: the function name, the invocation type, whether it was signed, the payload.</summary>
internal sealed record ReceivedInvocation(string FunctionName, string? InvocationType, string? Authorization, string Payload);

/// <summary>
/// Lambda's <c>POST /2015-03-31/functions/NAME/invocations</c> on 127.0.0.1, as the Runtime Interface Emulator serves
/// it for local runs: records each invocation and answers 202 (an <c>Event</c> invocation queued). Payloads that contain
/// <see cref="FailPayloadsContaining"/> get 500 with <c>x-amzn-ErrorType: ServiceException</c>, as Lambda answers an
/// internal error.
/// </summary>
internal sealed class FakeLambdaInvokeApi : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeLambdaInvokeApi(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<ReceivedInvocation> Received { get; } = new();

    public string? FailPayloadsContaining { get; set; }

    public static async Task<FakeLambdaInvokeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new FakeLambdaInvokeApi(builder.Build());
        fake.app.MapPost("/2015-03-31/functions/{name}/invocations", async (HttpContext context, string name) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var payload = await reader.ReadToEndAsync(context.RequestAborted);
            RunEvidence.Text("lambda invoke payload", payload);
            if (fake.FailPayloadsContaining is { } marker && payload.Contains(marker, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.Headers["x-amzn-ErrorType"] = "ServiceException";
                await context.Response.WriteAsync("{\"Type\":\"Service\",\"message\":\"internal error\"}");
                return;
            }

            fake.Received.Enqueue(new ReceivedInvocation(name, context.Request.Headers["X-Amz-Invocation-Type"].FirstOrDefault(),
                context.Request.Headers.Authorization.FirstOrDefault(), payload));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await fake.app.StartAsync();
        fake.Endpoint = new Uri(fake.app.Urls.Single() + "/");
        return fake;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
