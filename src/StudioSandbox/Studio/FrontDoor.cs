using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>Studio's front door: <c>/auth?token=</c> login, <c>/app</c> status, and the loading page.</summary>
internal sealed class FrontDoor(
    LoginTokens tokens,
    Sessions sessions,
    StudioApps apps,
    Faults faults,
    ILogger<FrontDoor> logger)
{
    public const string LoadingPath = "/loading";

    /// <summary>
    /// A valid one-time token sets the session cookie and redirects to Jupyter when the user's JupyterServer app is
    /// InService, else to the loading page. A used, expired or unknown token gets 403 and no cookie.
    /// </summary>
    public IResult Login(HttpContext context, string? token)
    {
        if (faults.Current.LoginRefused)
        {
            logger.LogInformation("Login refused by the loginRefused fault");
            return Refused();
        }

        if (string.IsNullOrEmpty(token) || !tokens.TryRedeem(token, out var grant))
        {
            logger.LogInformation("Login refused: the token is unknown, used or expired");
            return Refused();
        }

        var session = sessions.Create(grant.UserProfileName, grant.SessionLifetime);
        context.Response.Cookies.Append(Sessions.CookieName, session, new CookieOptions
        {
            HttpOnly = true,
            Path = "/",
            SameSite = SameSiteMode.Lax,
            MaxAge = grant.SessionLifetime,
        });
        var ready = apps.TryGetJupyterServer(grant.UserProfileName, out var runtime) && runtime.ServerInService is not null;
        logger.LogInformation("User {User} logged in; app ready: {Ready}", grant.UserProfileName, ready);
        return Results.Redirect(ready ? "/jupyter/default/" : LoadingPath);
    }

    /// <summary>The status of the session user's app as plain text, e.g. <c>InService</c>.</summary>
    public IResult AppStatus(HttpContext context, string? appType, string? appName)
    {
        var user = sessions.UserOf(context.Request);
        if (user is null)
        {
            return Refused();
        }

        if (appType is null || appName is null)
        {
            return Results.Text("appType and appName are required\n", statusCode: StatusCodes.Status400BadRequest);
        }

        return apps.TryGet(new AppKey(user, appType, appName), out var runtime)
            ? Results.Text(runtime.App.Status.ToString(), "text/plain")
            : Results.Text("NotFound", "text/plain", statusCode: StatusCodes.Status404NotFound);
    }

    public static IResult Loading() => Results.Content(LoadingPage.Html, "text/html");

    private static IResult Refused() => Results.Text("Forbidden\n", statusCode: StatusCodes.Status403Forbidden);
}
