using AutoInstaller.Diagnostics;
namespace AutoInstaller.Hosting;

/// <summary>Handles one invocation: the event bytes in, the JSON result bytes out.</summary>
internal delegate Task<byte[]> InvocationHandler(Invocation invocation, CancellationToken cancellationToken);

/// <summary>
/// The invocation loop of a custom runtime: take the next event, run the handler under the invocation's
/// deadline, post its result or its error, and go on. Only a failure of the Runtime API itself ends the loop.
/// </summary>
internal sealed class LambdaRuntimeLoop(RuntimeApiClient api, InvocationHandler handler, Log log, TimeProvider time)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var invocation = await api.GetNextInvocationAsync(stopping).ConfigureAwait(false);
            await HandleAsync(invocation, stopping).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(Invocation invocation, CancellationToken stopping)
    {
        var context = invocation.Context;
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", context.TraceId);
        using var scope = log.BeginInvocation(context.RequestId);

        byte[] result;
        try
        {
            using var deadline = new CancellationTokenSource(context.RemainingTime(time), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
            result = await handler(invocation, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            log.Error("Invocation failed", ("errorType", exception.GetType().Name), ("errorMessage", exception.Message));
            await api.PostInvocationErrorAsync(context.RequestId, RuntimeErrorReport.From(exception), stopping).ConfigureAwait(false);
            return;
        }

        if (!await api.PostResponseAsync(context.RequestId, result, stopping).ConfigureAwait(false))
        {
            log.Error("Result refused by the Runtime API as too large", ("resultBytes", result.Length));
            var error = new RuntimeErrorReport(
                "Runtime.ResponseTooLarge",
                $"The result of {result.Length} bytes is larger than the Runtime API accepts",
                []);
            await api.PostInvocationErrorAsync(context.RequestId, error, stopping).ConfigureAwait(false);
        }
    }
}
