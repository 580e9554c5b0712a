using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>
/// The one-time tokens of presigned domain URLs, each bound to a user profile (and, for a space's app, the space)
/// and valid for ExpiresInSeconds.
/// </summary>
internal sealed class LoginTokens(TimeProvider time, IssuedSecrets secrets)
{
    private readonly ConcurrentDictionary<string, Grant> _tokens = new(StringComparer.Ordinal);

    public string Issue(StudioSession session, TimeSpan validFor, TimeSpan sessionLifetime)
    {
        var token = SecretValues.New();
        _tokens[token] = new Grant(session, time.GetUtcNow() + validFor, sessionLifetime);
        secrets.LoginToken(token);
        return token;
    }

    /// <summary>Consumes the token: a second use fails, as does a use after it expired.</summary>
    public bool TryRedeem(string token, [NotNullWhen(true)] out Grant? grant)
    {
        if (!_tokens.TryRemove(token, out var issued) || time.GetUtcNow() >= issued.ExpiresAt)
        {
            grant = null;
            return false;
        }

        grant = issued;
        return true;
    }

    internal sealed record Grant(StudioSession Session, DateTimeOffset ExpiresAt, TimeSpan SessionLifetime);
}
