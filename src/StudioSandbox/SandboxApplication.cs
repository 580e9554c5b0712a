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

/// <summary>Composes the sandbox: one listener for the SageMaker API, the Studio front door, the Jupyter proxy, S3 and the admin API.</summary>
internal static class SandboxApplication
{
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--root"] = "Sandbox:Root",
        ["--region"] = "Sandbox:Region",
        ["--domain-id"] = "Sandbox:DomainId",
        ["--account-id"] = "Sandbox:AccountId",
        ["--access-key-id"] = "Sandbox:AccessKeyId",
        ["--secret-access-key"] = "Sandbox:SecretAccessKey",
        ["--jupyter-server"] = "Sandbox:JupyterServer",
    };

    /// <summary>Builds the application; throws <see cref="SandboxOptionsException"/> for unusable settings.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddCommandLine(args, Switches);
        var options = builder.Configuration.GetSection("Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();
        options.Validate();

        // Request lines carry login tokens (/auth?token=...): framework request logging stays off.
        // Forwarding errors are logged by the proxy itself, which knows when a fault caused them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Error);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StudioOrigin>();
        services.AddSingleton<Faults>();
        services.AddSingleton<IssuedSecrets>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<UserProfiles>();
        services.AddSingleton<StudioApps>();
        services.AddSingleton<LoginTokens>();
        services.AddSingleton<Sessions>();
        services.AddSingleton<CreateAppEventWriter>();
        services.AddSingleton<DomainGuard>();
        services.AddSingleton<AppOperations>();
        services.AddSingleton<UserProfileOperations>();
        services.AddSingleton<DomainOperations>();
        services.AddSingleton<SageMakerEndpoint>();
        services.AddSingleton<FrontDoor>();
        services.AddSingleton<JupyterProxy>();
        services.AddSingleton<S3Buckets>();
        services.AddSingleton<S3Faults>();
        services.AddSingleton<S3Endpoint>();
        services.AddHttpForwarder();
        services.AddHostedService<JupyterJanitor>();

        var app = builder.Build();
        app.MapPost("/", (HttpContext context, SageMakerEndpoint api) => api.HandleAsync(context));
        app.MapGet("/auth", (HttpContext context, string? token, FrontDoor door) => door.Login(context, token));
        app.MapGet("/app", (HttpContext context, string? appType, string? appName, FrontDoor door) => door.AppStatus(context, appType, appName));
        app.MapGet(FrontDoor.LoadingPath, FrontDoor.Loading);
        app.Map("/jupyter/default/{**path}", (HttpContext context, JupyterProxy proxy) => proxy.HandleAsync(context));
        app.Map("/jupyter/default", (HttpContext context, JupyterProxy proxy) => proxy.HandleAsync(context));
        AdminEndpoints.Map(app);
        S3Endpoint.Map(app);

        app.Lifetime.ApplicationStarted.Register(() => AnnounceReady(app, options));
        return app;
    }

    private static void AnnounceReady(WebApplication app, SandboxOptions options)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The sandbox needs an http:// listener (--urls http://127.0.0.1:PORT)");
        var origin = ClientOrigin(new Uri(address));
        app.Services.GetRequiredService<StudioOrigin>().Set(origin);
        RestartCommand.Write(options, origin);
        Console.Out.WriteLine($"Studio sandbox ready: {origin} (domain {options.DomainId}, region {options.Region}, root {options.Root})");
        Console.Out.Flush();
    }

    /// <summary>The origin clients use: a wildcard listener is reached through loopback.</summary>
    private static string ClientOrigin(Uri listener)
    {
        var host = listener.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "127.0.0.1" : listener.Host;
        return $"{listener.Scheme}://{host}:{listener.Port}";
    }
}
