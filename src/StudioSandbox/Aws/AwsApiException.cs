using System.Net;
using System.Text.Json.Nodes;

namespace StudioSandbox.Aws;

/// <summary>
/// An error answered in the JSON 1.1 protocol's shape. Errors modelled by SageMaker look like
/// <c>{"__type": "ResourceNotFound", "Message": ...}</c>; errors of the AWS front end (auth, throttling,
/// malformed input) carry a namespace and a lower-case <c>message</c>, e.g.
/// <c>{"__type": "com.amazon.coral.service#UnrecognizedClientException", "message": ...}</c>.
/// </summary>
internal sealed class AwsApiException : Exception
{
    private const string ServiceNamespace = "com.amazon.coral.service#";
    private const string AvailabilityNamespace = "com.amazon.coral.availability#";

    private AwsApiException(HttpStatusCode status, string code, string message, string typeNamespace, string messageMember)
        : base(message)
    {
        Status = status;
        Code = code;
        TypeNamespace = typeNamespace;
        MessageMember = messageMember;
    }

    public HttpStatusCode Status { get; }

    public string Code { get; }

    private string TypeNamespace { get; }

    private string MessageMember { get; }

    public JsonObject ToJson() => new() { ["__type"] = TypeNamespace + Code, [MessageMember] = Message };

    public static AwsApiException NotFound(string message) => new(HttpStatusCode.BadRequest, "ResourceNotFound", message, "", "Message");

    public static AwsApiException InUse(string message) => new(HttpStatusCode.BadRequest, "ResourceInUse", message, "", "Message");

    public static AwsApiException Validation(string message) => new(HttpStatusCode.BadRequest, "ValidationException", message, "", "message");

    public static AwsApiException Throttling() => new(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded", AvailabilityNamespace, "message");

    public static AwsApiException FrontEnd(HttpStatusCode status, string code, string message) => new(status, code, message, ServiceNamespace, "message");
}
