using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>
/// One-time tokens that carry a login from the domain's origin to the space origin: the domain's <c>/auth</c> issues
/// one for a presigned URL of a space, the space origin's <c>/auth</c> redeems it within <see cref="ValidFor"/>.
/// </summary>
internal sealed class HandoffTokens(TimeProvider time, IssuedSecrets secrets)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (LoginTokens.Grant Grant, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);

    public string Issue(LoginTokens.Grant grant)
    {
        var token = SecretValues.New();
        _tokens[token] = (grant, time.GetUtcNow() + ValidFor);
        secrets.HandoffToken(token);
        return token;
    }

    /// <summary>Consumes the token: a second use fails, as does a use after it expired.</summary>
    public bool TryRedeem(string token, [NotNullWhen(true)] out LoginTokens.Grant? grant)
    {
        grant = null;
        if (!_tokens.TryRemove(token, out var entry) || time.GetUtcNow() >= entry.ExpiresAt)
        {
            return false;
        }

        grant = entry.Grant;
        return true;
    }
}
