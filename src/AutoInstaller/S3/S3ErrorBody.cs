using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoInstaller.S3;

/// <summary>
/// Reads <c>Code</c> and <c>Message</c> from S3's XML error body
/// (<c>&lt;Error&gt;&lt;Code&gt;NoSuchKey&lt;/Code&gt;&lt;Message&gt;...&lt;/Message&gt;...&lt;/Error&gt;</c>). Two flat
/// elements do not need an XML parser in the executable; anything else (an empty body, a proxy's HTML) gives nulls.
/// </summary>
internal static partial class S3ErrorBody
{
    public static (string? Code, string? Message) Parse(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return (Element(text, CodeElement()), Element(text, MessageElement()));
    }

    private static string? Element(string text, Regex element) =>
        element.Match(text) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["value"].Value.Trim()) : null;

    [GeneratedRegex("<Error>.*?<Code>(?<value>[^<]*)</Code>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CodeElement();

    [GeneratedRegex("<Error>.*?<Message>(?<value>[^<]*)</Message>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MessageElement();
}
