using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Access;

/// <summary>What a browser route was asked, as far as access goes (read from the HTTP request by the function app).</summary>
/// <param name="Principal">The <c>X-MS-CLIENT-PRINCIPAL</c> header (base64 JSON), if any.</param>
/// <param name="WantsHtml">The caller is a browser (<c>Accept</c> names <c>text/html</c>): it is sent to sign in rather than refused.</param>
/// <param name="PathAndQuery">Where to come back after signing in, e.g. <c>/api/dashboard?year=2022</c>.</param>
/// <param name="Loopback">The caller and the host name are both this machine.</param>
public sealed record BrowserRequest(string? Principal, bool WantsHtml, string PathAndQuery, bool Loopback);

public enum AccessVerdict
{
    Allow,

    /// <summary>Not signed in, from a browser: redirect to <see cref="AccessDecision.SignInUrl"/>.</summary>
    SignIn,

    /// <summary>Not signed in (or the platform's authentication is not on): 401.</summary>
    Unauthorized,

    /// <summary>Signed in without a role or group that may see it: 403.</summary>
    Forbidden,
}

/// <param name="Reason">Why, in Chinese and English, when not allowed.</param>
public sealed record AccessDecision(AccessVerdict Verdict, string? SignInUrl = null, string? Reason = null)
{
    public static readonly AccessDecision Allowed = new(AccessVerdict.Allow);
}

/// <summary>
/// The one rule for the routes a browser opens (SPEC §5: dashboard, exports, templates, annotated workbooks). They are
/// anonymous to the Functions host (a browser has no function key), so this is their protection:
/// <list type="bullet">
/// <item>The client principal is trusted only when the platform's authentication is on (<c>WEBSITE_AUTH_ENABLED</c>):
/// the platform then replaces any <c>X-MS-CLIENT-PRINCIPAL</c> a caller sends. With it off the header is the caller's own
/// and says nothing.</item>
/// <item>City-wide pages need a city role (Leader, Analyst); a source's files need a city role, the source's group or
/// the source's role.</item>
/// <item>A browser without a principal is sent to <c>/.auth/login/aad</c> and comes back; anything else gets 401.</item>
/// <item>In Development the pages are open to a caller on this machine (Core Tools has no sign-in).</item>
/// </list>
/// </summary>
public sealed class BrowserAccessPolicy(IOptions<BrowserAccessOptions> options)
{
    /// <summary>The claim types App Service puts roles and groups under (v1 and v2 token names).</summary>
    private static readonly HashSet<string> s_roleTypes = new(StringComparer.OrdinalIgnoreCase) { "roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role" };
    private static readonly HashSet<string> s_groupTypes = new(StringComparer.OrdinalIgnoreCase) { "groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups" };

    private readonly BrowserAccessOptions _options = options.Value;

    /// <param name="source">The filing source whose file is asked for; null for a city-wide page.</param>
    public AccessDecision Decide(BrowserRequest request, string? source)
    {
        if (!_options.AuthEnabled)
        {
            return _options.Development && request.Loopback
                ? AccessDecision.Allowed
                : new AccessDecision(AccessVerdict.Unauthorized, Reason: "此页面需要通过平台身份验证（App Service 身份验证）登录后访问，当前未启用 / this page needs the platform's sign-in (App Service Authentication), which is not enabled");
        }

        if (ClientPrincipal.TryParse(request.Principal) is not { } principal)
        {
            return request.WantsHtml
                ? new AccessDecision(AccessVerdict.SignIn, SignInUrl: "/.auth/login/aad?post_login_redirect_uri=" + Uri.EscapeDataString(request.PathAndQuery))
                : new AccessDecision(AccessVerdict.Unauthorized, Reason: "请先登录 / sign in first (App Service Authentication)");
        }

        var roles = principal.Claims.Where(c => s_roleTypes.Contains(c.Type) || string.Equals(c.Type, principal.RoleType, StringComparison.OrdinalIgnoreCase)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (_options.CityRoles.Any(roles.Contains))
        {
            return AccessDecision.Allowed;
        }

        if (source is not null)
        {
            var groups = principal.Claims.Where(c => s_groupTypes.Contains(c.Type)).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (BrowserAccessOptions.Pairs(_options.SourceGroups)[source].Any(groups.Contains) || BrowserAccessOptions.Pairs(_options.SourceRoles)[source].Any(roles.Contains))
            {
                return AccessDecision.Allowed;
            }
        }

        return new AccessDecision(AccessVerdict.Forbidden, Reason: source is null
            ? $"需要以下角色之一：{string.Join("、", _options.CityRoles)} / one of these app roles is needed: {string.Join(", ", _options.CityRoles)}"
            : $"只有{source}的填报人员或以下角色可以访问：{string.Join("、", _options.CityRoles)} / only {source}'s filers or these app roles may open it: {string.Join(", ", _options.CityRoles)}");
    }

    /// <summary>The platform's client principal: base64 of <c>{ "auth_typ", "claims": [ { "typ", "val" } ], "name_typ", "role_typ" }</c>.</summary>
    private sealed record ClientPrincipal(string? RoleType, IReadOnlyList<(string Type, string Value)> Claims)
    {
        public static ClientPrincipal? TryParse(string? header)
        {
            if (string.IsNullOrWhiteSpace(header) || header.Length > 64 * 1024)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header.Trim())));
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                var list = claims.EnumerateArray()
                    .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String && c.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String)
                    .Select(c => (c.GetProperty("typ").GetString()!, c.GetProperty("val").GetString()!))
                    .ToList();
                var roleType = root.TryGetProperty("role_typ", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                return new ClientPrincipal(roleType, list);
            }
            catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
            {
                return null;
            }
        }
    }
}
