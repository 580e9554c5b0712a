namespace StudioSandbox.Studio;

/// <summary>What Studio shows while the app is not InService: a page that polls <c>/app</c>. It sets no <c>_xsrf</c>.</summary>
internal static class LoadingPage
{
    public static string Html(JupyterAppKind kind) => $$"""
        <!DOCTYPE html>
        <html>
        <head><meta charset="utf-8"><title>Studio sandbox: loading</title></head>
        <body>
        <p>The {{kind.AppType}} app is loading…</p>
        <script>
        (async function poll() {
          const response = await fetch('/app?appType={{kind.AppType}}&appName={{JupyterAppKind.AppName}}');
          if ((await response.text()).trim() === 'InService') { location.href = '{{kind.LandingPath}}'; return; }
          setTimeout(poll, 2000);
        })();
        </script>
        </body>
        </html>

        """;
}
