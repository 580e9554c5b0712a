using System.Net;
using System.Xml.Linq;

namespace StudioSandbox.S3;

/// <summary>An error in S3's REST shape: an HTTP status and <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;...&lt;/Error&gt;</c>.</summary>
internal sealed class S3Error(HttpStatusCode status, string code, string message, params (string Name, string Value)[] details)
    : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public static S3Error NoSuchBucket(string bucket) =>
        new(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist", ("BucketName", bucket));

    public static S3Error NoSuchKey(string key) =>
        new(HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.", ("Key", key));

    public static S3Error AccessDenied() => new(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied");

    public static S3Error NotImplemented() =>
        new(HttpStatusCode.NotImplemented, "NotImplemented", "A header you provided implies functionality that is not implemented");

    public string ToXml(string requestId)
    {
        var error = new XElement("Error", new XElement("Code", Code), new XElement("Message", Message));
        foreach (var (name, value) in details)
        {
            error.Add(new XElement(name, value));
        }

        error.Add(new XElement("RequestId", requestId));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), error).Declaration + "\n" + error.ToString(SaveOptions.DisableFormatting);
    }
}
