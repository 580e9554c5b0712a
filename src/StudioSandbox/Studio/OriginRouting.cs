namespace StudioSandbox.Studio;

/// <summary>
/// Which of the sandbox's two listeners serves an endpoint: on the other one it does not exist (404). The SageMaker
/// API, the admin API and Studio Classic's <c>/jupyter/default/</c> are on the domain's origin, a space's
/// <c>/jupyterlab/default/</c> on the space origin; the front door (<c>/auth</c>, <c>/app</c>, <c>/loading</c>) is on both.
/// </summary>
internal static class OriginRouting
{
    public static TBuilder OnDomainOrigin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.OnlyWhere(onSpaceOrigin: false);

    public static TBuilder OnSpaceOrigin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.OnlyWhere(onSpaceOrigin: true);

    private static TBuilder OnlyWhere<TBuilder>(this TBuilder builder, bool onSpaceOrigin) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<SpaceOrigin>().Serves(invocation.HttpContext) == onSpaceOrigin
                ? await next(invocation)
                : Results.NotFound());
}
