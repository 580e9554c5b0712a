using System.Diagnostics.CodeAnalysis;
using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>
/// Studio's front door on both origins: <c>/auth?token=</c> login, <c>/app</c> status, and the loading page.
/// A presigned URL is redeemed on the domain's origin; for a space's app, that hands the login off to the space
/// origin with a second one-time token, which the space origin's <c>/auth</c> redeems.
/// </summary>
internal sealed class FrontDoor(
    LoginTokens tokens,
    HandoffTokens handoffs,
    Sessions sessions,
    StudioApps apps,
    SpaceOrigin spaceOrigin,
    Faults faults,
    ILogger<FrontDoor> logger)
{
    public const string LoadingPath = "/loading";

    /// <summary>
    /// A valid one-time token sets the session cookie and redirects to Jupyter when the app is InService, else to
    /// the loading page; a presigned URL for a space redirects to the space origin instead. A used, expired or
    /// unknown token gets 403 and no cookie.
    /// </summary>
    public IResult Login(HttpContext context, string? token)
    {
        if (faults.Current.LoginRefused)
        {
            logger.LogInformation("Login refused by the loginRefused fault");
            return Refused();
        }

        var onSpaceOrigin = spaceOrigin.Serves(context);
        if (!TryRedeem(token, onSpaceOrigin, out var grant))
        {
            logger.LogInformation("Login refused: the token is unknown, used or expired");
            return Refused();
        }

        if (!onSpaceOrigin && grant.Session.SpaceName is { } space)
        {
            logger.LogInformation("User {User} logged in for space {Space}; handing off to the space origin", grant.Session.UserProfileName, space);
            return Results.Redirect($"{spaceOrigin.Value}/auth?token={handoffs.Issue(grant)}");
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
        return Results.Redirect(ready ? kind.BasePath : LoadingPath);
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

    /// <summary>A presigned URL's token on the domain's origin, a hand-off token on the space origin.</summary>
    private bool TryRedeem(string? token, bool onSpaceOrigin, [NotNullWhen(true)] out LoginTokens.Grant? grant)
    {
        grant = null;
        return !string.IsNullOrEmpty(token) && (onSpaceOrigin ? handoffs.TryRedeem(token, out grant) : tokens.TryRedeem(token, out grant));
    }

    private static IResult Refused() => Results.Text("Forbidden\n", statusCode: StatusCodes.Status403Forbidden);
}
