namespace StudioSandbox.Studio;

/// <summary>What Studio shows while the JupyterServer app is not InService: a page that polls <c>/app</c>. It sets no <c>_xsrf</c>.</summary>
internal static class LoadingPage
{
    public const string Html = """
        <!DOCTYPE html>
        <html>
        <head><meta charset="utf-8"><title>Studio sandbox: loading</title></head>
        <body>
        <p>The JupyterServer app is loading…</p>
        <script>
        (async function poll() {
          const response = await fetch('/app?appType=JupyterServer&appName=default');
          if ((await response.text()).trim() === 'InService') { location.href = '/jupyter/default/'; return; }
          setTimeout(poll, 2000);
        })();
        </script>
        </body>
        </html>

        """;
}
