using System.Net;

namespace AutoInstaller.Jupyter;

/// <summary>
/// Signs a cookie session in to a Jupyter server protected by a password, as its login form does: <c>GET login</c>
/// (which sets the <c>_xsrf</c> cookie), then <c>POST login</c> with the password and that <c>_xsrf</c>. Jupyter answers
/// a redirect (to the page the form came from) and its login cookie when the password is right, 401 when it is not.
/// The <see cref="HttpClient"/> must store cookies in the given container.
/// </summary>
internal static class PasswordLogin
{
    private const string Operation = "log in with the password";

    public static async Task LoginAsync(HttpClient http, CookieContainer cookies, Uri baseUri, string password, CancellationToken cancellationToken)
    {
        var login = new Uri(baseUri, "login");
        using (var page = new HttpRequestMessage(HttpMethod.Get, login))
        using (var response = await JupyterTransport.SendAsync(http, page, "load the login page", cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new JupyterApiException("load the login page", response.StatusCode, serverMessage: null);
            }
        }

        var xsrf = cookies.GetCookies(login)["_xsrf"] ?? throw new MissingXsrfCookieException(login, login, (int)HttpStatusCode.OK);
        using var form = new FormUrlEncodedContent([new("_xsrf", xsrf.Value), new("password", password)]);
        using var post = new HttpRequestMessage(HttpMethod.Post, login) { Content = form };
        post.Headers.Add("X-XSRFToken", xsrf.Value);
        using var answer = await JupyterTransport.SendAsync(http, post, Operation, cancellationToken).ConfigureAwait(false);
        if (answer.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new JupyterApiException(Operation, answer.StatusCode, "the server refused the password");
        }

        if ((int)answer.StatusCode >= 400)
        {
            throw new JupyterApiException(Operation, answer.StatusCode, serverMessage: null);
        }
    }
}
