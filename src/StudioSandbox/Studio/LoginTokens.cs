using System.Collections.Concurrent;
using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>The one-time tokens of presigned domain URLs, each bound to a user profile and valid for ExpiresInSeconds.</summary>
internal sealed class LoginTokens(TimeProvider time, IssuedSecrets secrets)
{
    private readonly ConcurrentDictionary<string, Grant> _tokens = new(StringComparer.Ordinal);

    public string Issue(string userProfileName, TimeSpan validFor, TimeSpan sessionLifetime)
    {
        var token = SecretValues.New();
        _tokens[token] = new Grant(userProfileName, time.GetUtcNow() + validFor, sessionLifetime);
        secrets.LoginToken(token);
        return token;
    }

    /// <summary>Consumes the token: a second use fails, as does a use after it expired.</summary>
    public bool TryRedeem(string token, out Grant grant)
    {
        if (!_tokens.TryRemove(token, out grant!))
        {
            return false;
        }

        return time.GetUtcNow() < grant.ExpiresAt;
    }

    internal sealed record Grant(string UserProfileName, DateTimeOffset ExpiresAt, TimeSpan SessionLifetime);
}
