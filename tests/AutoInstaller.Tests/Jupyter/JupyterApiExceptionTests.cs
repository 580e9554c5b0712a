using System.Net;
using AutoInstaller.Failures;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

public sealed class JupyterApiExceptionTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    public void ServerErrorsAreTransientAndClientErrorsAreNot(HttpStatusCode status, bool transient) =>
        Assert.Equal(transient ? FailureKind.Transient : FailureKind.Permanent, new JupyterApiException("create terminal", status, serverMessage: null).Kind);

    [Fact]
    public void NoAnswerIsTransient()
    {
        var unreachable = JupyterApiException.Unreachable("list terminals", new HttpRequestException("Connection refused"));

        Assert.Equal(FailureKind.Transient, unreachable.Kind);
        Assert.Null(unreachable.StatusCode);
        Assert.Equal("list terminals: Jupyter did not answer (HttpRequestException)", unreachable.Message);
    }

    [Fact]
    public void MessageNamesTheOperationTheStatusAndTheServersMessage()
    {
        var refused = new JupyterApiException("create terminal", HttpStatusCode.Forbidden, "'_xsrf' argument missing from POST");

        Assert.Equal("create terminal: Jupyter answered 403 Forbidden: '_xsrf' argument missing from POST", refused.Message);
        Assert.Equal("'_xsrf' argument missing from POST", refused.ServerMessage);
    }
}
