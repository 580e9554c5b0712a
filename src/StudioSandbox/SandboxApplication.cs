using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using StudioSandbox.Admin;
using StudioSandbox.Aws;
using StudioSandbox.CloudTrail;
using StudioSandbox.Jupyter;
using StudioSandbox.S3;
using StudioSandbox.SageMaker;
using StudioSandbox.Studio;

namespace StudioSandbox;

/// <summary>
/// Composes the sandbox: the domain's listener (<c>--urls</c>) for the SageMaker API, the Studio front door, Studio
/// Classic's Jupyter proxy, S3 and the admin API, and the space listener (<c>--space-url</c>) for the spaces' JupyterLab.
/// </summary>
internal static class SandboxApplication
{
    /// <summary>Kestrel's own default, kept for a start without <c>--urls</c>.</summary>
    private const string DefaultUrls = "http://localhost:5000";

    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--root"] = "Sandbox:Root",
        ["--region"] = "Sandbox:Region",
        ["--domain-id"] = "Sandbox:DomainId",
        ["--account-id"] = "Sandbox:AccountId",
        ["--access-key-id"] = "Sandbox:AccessKeyId",
        ["--secret-access-key"] = "Sandbox:SecretAccessKey",
        ["--jupyter-server"] = "Sandbox:JupyterServer",
        ["--space-url"] = "Sandbox:SpaceUrl",
        ["--jupyterlab-root"] = "Sandbox:JupyterLabRoot",
        ["--default-landing-uri"] = "Sandbox:DefaultLandingUri",
        ["--jupyter-pool-size"] = "Sandbox:JupyterPoolSize",
    };

    /// <summary>Builds the application; throws <see cref="SandboxOptionsException"/> for unusable settings.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddCommandLine(args, Switches);
        var options = builder.Configuration.GetSection("Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();
        var domainUrls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? DefaultUrls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        options.Validate(domainUrls);

        // Kestrel would drop --urls for an explicit Listen: both listeners are given to it as URLs instead.
        builder.WebHost.UseUrls([.. domainUrls, options.SpaceUrl]);

        // Request lines carry login tokens (/auth?token=...): framework request logging stays off.
        // Forwarding errors are logged by the proxy itself, which knows when a fault caused them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Error);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StudioOrigin>();
        services.AddSingleton<SpaceOrigin>();
        services.AddSingleton<Faults>();
        services.AddSingleton<OperationThrottle>();
        services.AddSingleton<ApiCallCounts>();
        services.AddSingleton<JupyterPool>();
        services.AddSingleton<IssuedSecrets>();
        services.AddSingleton<TerminalInputTimes>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<UserProfiles>();
        services.AddSingleton<Spaces>();
        services.AddSingleton<StudioApps>();
        services.AddSingleton<LoginTokens>();
        services.AddSingleton<Sessions>();
        services.AddSingleton<CreateAppEventWriter>();
        services.AddSingleton<DomainGuard>();
        services.AddSingleton<AppOperations>();
        services.AddSingleton<UserProfileOperations>();
        services.AddSingleton<SpaceOperations>();
        services.AddSingleton<DomainOperations>();
        services.AddSingleton<TagOperations>();
        services.AddSingleton<SageMakerEndpoint>();
        services.AddSingleton<FrontDoor>();
        services.AddSingleton<JupyterProxy>();
        services.AddSingleton<S3Buckets>();
        services.AddSingleton<S3Faults>();
        services.AddSingleton<S3Endpoint>();
        services.AddHttpForwarder();
        services.AddHostedService<JupyterJanitor>();

        var app = builder.Build();
        app.MapPost("/", (HttpContext context, SageMakerEndpoint api) => api.HandleAsync(context)).OnDomainOrigin();
        app.MapGet("/auth", (HttpContext context, string? token, FrontDoor door) => door.Login(context, token));
        app.MapGet("/app", (HttpContext context, string? appType, string? appName, FrontDoor door) => door.AppStatus(context, appType, appName));
        app.MapGet(FrontDoor.LoadingPath, (HttpContext context, FrontDoor door) => door.Loading(context));
        MapJupyter(app, JupyterAppKind.Classic.BasePath).OnDomainOrigin();
        MapJupyter(app, JupyterAppKind.JupyterLab.BasePath).OnSpaceOrigin();
        AdminEndpoints.Map(app);
        S3Endpoint.Map(app);

        app.Lifetime.ApplicationStarted.Register(() => AnnounceReady(app, options));
        return app;
    }

    /// <summary>The Jupyter proxy at a base path, with and without its trailing slash.</summary>
    private static RouteGroupBuilder MapJupyter(WebApplication app, string basePath)
    {
        var group = app.MapGroup(basePath.TrimEnd('/'));
        group.Map("/{**path}", (HttpContext context, JupyterProxy proxy) => proxy.HandleAsync(context));
        group.Map("", (HttpContext context, JupyterProxy proxy) => proxy.HandleAsync(context));
        return group;
    }

    private static void AnnounceReady(WebApplication app, SandboxOptions options)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a)).ToList() ?? [];
        var wanted = new Uri(options.SpaceUrl);
        var space = bound.FirstOrDefault(a => a.Host == wanted.Host && (wanted.Port == 0 || a.Port == wanted.Port))
            ?? throw new InvalidOperationException($"The space listener {options.SpaceUrl} is not among the bound addresses {string.Join(", ", bound)}");
        var domain = bound.FirstOrDefault(a => a != space && a.Scheme == Uri.UriSchemeHttp)
            ?? throw new InvalidOperationException("The sandbox needs an http:// listener (--urls http://127.0.0.1:PORT)");
        var origin = ClientOrigin(domain);
        app.Services.GetRequiredService<StudioOrigin>().Set(origin);
        var spaceOrigin = app.Services.GetRequiredService<SpaceOrigin>();
        spaceOrigin.Set(space);
        RestartCommand.Write(options, origin);
        Console.Out.WriteLine($"Studio sandbox ready: {origin} (domain {options.DomainId}, region {options.Region}, spaces {spaceOrigin.Value}, root {options.Root})");
        Console.Out.Flush();
    }

    /// <summary>The origin clients use: a wildcard listener is reached through loopback.</summary>
    private static string ClientOrigin(Uri listener)
    {
        var host = listener.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : listener.Host;
        return $"{listener.Scheme}://{host}:{listener.Port}";
    }
}
