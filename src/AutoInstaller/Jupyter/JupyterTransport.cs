namespace AutoInstaller.Jupyter;

/// <summary>
/// Sends a request and reads the whole (small) answer, turning "no answer" (refused, reset, timed out) into a
/// transient <see cref="JupyterApiException"/>.
/// </summary>
internal static class JupyterTransport
{
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw JupyterApiException.Unreachable(operation, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw JupyterApiException.Unreachable(operation, e);
        }
    }
}
