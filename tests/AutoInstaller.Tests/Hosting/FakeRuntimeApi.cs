using System.Globalization;
using System.Threading.Channels;
using AutoInstaller.Tests.Reliability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AutoInstaller.Tests.Hosting;

/// <summary>What the runtime posted back for one request id.</summary>
internal sealed record PostedOutcome(string RequestId, string Kind, string Body, string? ContentType, string? ErrorTypeHeader);

/// <summary>
/// An in-process Lambda Runtime API on 127.0.0.1: queues invocations for <c>GET /next</c> and records what the
/// runtime posts to <c>/response</c>, <c>/error</c> and <c>/init/error</c>. Like Lambda, it enforces the
/// 6,291,556-byte response limit with a 413, and can answer <c>/next</c> with an error status. As Lambda's Runtime
/// Interface Emulator (what <c>sam local invoke</c> runs; studio-evidence.md) it sets no limit on a response and
/// records the error type header as the emulator passes it on: <c>Runtime.X</c> or <c>Function.X</c> as sent, anything
/// else <c>Runtime.Unknown</c>.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    public const int MaxResponseBytes = 6_291_556;
    private readonly Channel<QueuedInvocation> pending = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly Channel<PostedOutcome> outcomes = Channel.CreateUnbounded<PostedOutcome>();
    private readonly WebApplication app;
    private readonly bool emulator;
    private int nextStatus = StatusCodes.Status200OK;
    private long nextRequests;

    private FakeRuntimeApi(WebApplication app, bool emulator)
    {
        this.app = app;
        this.emulator = emulator;
    }

    /// <summary><c>host:port</c>, the value of <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>How many <c>GET /next</c> requests arrived.</summary>
    public long NextRequests => Interlocked.Read(ref nextRequests);

    /// <param name="asEmulator">Behave as Lambda's Runtime Interface Emulator instead of Lambda.</param>
    public static async Task<FakeRuntimeApi> StartAsync(bool asEmulator = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new FakeRuntimeApi(builder.Build(), asEmulator);
        fake.MapRoutes();
        await fake.app.StartAsync();
        fake.Address = new Uri(fake.app.Urls.Single()).Authority;
        return fake;
    }

    public void Enqueue(string requestId, string body, TimeSpan? timeout = null, string? traceId = null,
        string functionArn = "arn:aws:lambda:us-east-1:123456789012:function:auto-installer", string? clientContext = null) =>
        pending.Writer.TryWrite(new QueuedInvocation(
            requestId, body, DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(1)), traceId, functionArn, clientContext));

    /// <summary>From now on <c>GET /next</c> answers this status instead of an invocation.</summary>
    public void AnswerNextWith(int status) => Volatile.Write(ref nextStatus, status);

    public async Task<PostedOutcome> NextOutcomeAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await outcomes.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void MapRoutes()
    {
        const string runtime = "/2018-06-01/runtime";
        app.MapGet($"{runtime}/invocation/next", async context =>
        {
            Interlocked.Increment(ref nextRequests);

            var status = Volatile.Read(ref nextStatus);
            if (status != StatusCodes.Status200OK)
            {
                context.Response.StatusCode = status;
                return;
            }

            QueuedInvocation next;
            try
            {
                next = await pending.Reader.ReadAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var headers = context.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
            headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = next.FunctionArn;
            if (next.TraceId is not null)
            {
                headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
            }

            if (next.ClientContext is not null)
            {
                headers["Lambda-Runtime-Client-Context"] = next.ClientContext;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(next.Body);
        });
        app.MapPost($"{runtime}/invocation/{{id}}/response", async (HttpContext context, string id) =>
        {
            var body = await ReadBodyAsync(context);
            if (!emulator && System.Text.Encoding.UTF8.GetByteCount(body) > MaxResponseBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            Record(context, id, "response", body);
        });
        app.MapPost($"{runtime}/invocation/{{id}}/error", async (HttpContext context, string id) =>
            Record(context, id, "error", await ReadBodyAsync(context)));
        app.MapPost($"{runtime}/init/error", async context =>
            Record(context, string.Empty, "init-error", await ReadBodyAsync(context)));
    }

    private void Record(HttpContext context, string id, string kind, string body)
    {
        RunEvidence.Text($"runtime API {kind}", body);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        if (emulator && errorType is not null && !errorType.StartsWith("Runtime.", StringComparison.Ordinal) && !errorType.StartsWith("Function.", StringComparison.Ordinal))
        {
            errorType = "Runtime.Unknown";
        }

        outcomes.Writer.TryWrite(new PostedOutcome(id, kind, body, context.Request.ContentType, errorType));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private sealed record QueuedInvocation(
        string RequestId, string Body, DateTimeOffset Deadline, string? TraceId, string FunctionArn, string? ClientContext);
}
