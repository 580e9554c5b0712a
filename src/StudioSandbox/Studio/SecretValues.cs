using System.Buffers.Text;
using System.Security.Cryptography;

namespace StudioSandbox.Studio;

internal static class SecretValues
{
    /// <summary>32 random bytes, base64url: unguessable bearer values (login tokens, session cookies).</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
