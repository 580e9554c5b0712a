using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>
/// Studio's front door on both origins: <c>/auth?token=</c> login, <c>/app</c> status, and the loading page.
/// A presigned URL is redeemed where it points: a space's on the space origin, a Studio Classic one on the domain's.
/// </summary>
internal sealed class FrontDoor(
    LoginTokens tokens,
    Sessions sessions,
    StudioApps apps,
    SpaceOrigin spaceOrigin,
    SandboxOptions options,
    Faults faults,
    ILogger<FrontDoor> logger)
{
    public const string LoadingPath = "/loading";

    /// <summary>
    /// Where a used, expired or unknown presigned URL sends the browser: the AWS console's sign-in page, off Studio
    /// (CreatePresignedDomainUrl's API reference says so; the exact URL is not published, this one is assumed).
    /// </summary>
    public const string SignInUrl = "https://signin.aws.amazon.com/signin?redirect_uri=https%3A%2F%2Fconsole.aws.amazon.com%2Fsagemaker%2Fhome";

    /// <summary>New Studio's UI, where a <c>studio::</c> landing goes: a host of its own, <c>studio-DOMAIN</c>, that the sandbox does not serve.</summary>
    public string StudioUiUrl => $"https://studio-{options.DomainId}.studio.{options.Region}.sagemaker.aws/";

    /// <summary>
    /// A valid one-time token for this origin sets the session cookie and redirects to Jupyter when the app is
    /// InService, else to the loading page; a <c>studio::</c> landing redirects to new Studio's UI instead. A used,
    /// expired or unknown token redirects to the AWS sign-in page and sets no cookie.
    /// </summary>
    public IResult Login(HttpContext context, string? token)
    {
        if (faults.Current.LoginRefused)
        {
            logger.LogInformation("Login refused by the loginRefused fault");
            return Refused();
        }

        var onSpaceOrigin = spaceOrigin.Serves(context);
        if (string.IsNullOrEmpty(token) || !tokens.TryRedeem(token, onSpaceOrigin, out var grant))
        {
            logger.LogInformation("Login token unknown, used, expired or for the other origin: redirected to the sign-in page");
            return Results.Redirect(SignInUrl);
        }

        if (grant.Landing == LoginTokens.Landing.StudioUi)
        {
            logger.LogInformation("{Session} lands on new Studio's UI (studio::), not in Jupyter", grant.Session);
            return Results.Redirect(StudioUiUrl);
        }

        var session = sessions.Create(grant.Session, grant.SessionLifetime);
        context.Response.Cookies.Append(Sessions.CookieName, session, new CookieOptions
        {
            HttpOnly = true,
            Path = "/",
            SameSite = SameSiteMode.Lax,
            MaxAge = grant.SessionLifetime,
        });
        var kind = JupyterAppKind.ServedOn(onSpaceOrigin);
        var ready = apps.TryGet(kind.Key(grant.Session.AppOwnerName), out var runtime) && runtime.ServerInService is not null;
        logger.LogInformation("Logged in {Session}; app ready: {Ready}", grant.Session, ready);
        return Results.Redirect(ready ? kind.LandingPath : LoadingPath);
    }

    /// <summary>The status of an app of the session's user (or space) as plain text, e.g. <c>InService</c>.</summary>
    public IResult AppStatus(HttpContext context, string? appType, string? appName)
    {
        var onSpaceOrigin = spaceOrigin.Serves(context);
        var session = sessions.Find(context.Request, onSpaceOrigin);
        if (session is null)
        {
            return Refused();
        }

        if (appType is null || appName is null)
        {
            return Results.Text("appType and appName are required\n", statusCode: StatusCodes.Status400BadRequest);
        }

        var key = onSpaceOrigin ? AppKey.ForSpace(session.SpaceName!, appType, appName) : AppKey.ForUser(session.UserProfileName, appType, appName);
        return apps.TryGet(key, out var runtime)
            ? Results.Text(runtime.App.Status.ToString(), "text/plain")
            : Results.Text("NotFound", "text/plain", statusCode: StatusCodes.Status404NotFound);
    }

    public IResult Loading(HttpContext context) =>
        Results.Content(LoadingPage.Html(JupyterAppKind.ServedOn(spaceOrigin.Serves(context))), "text/html");

    private static IResult Refused() => Results.Text("Forbidden\n", statusCode: StatusCodes.Status403Forbidden);
}
