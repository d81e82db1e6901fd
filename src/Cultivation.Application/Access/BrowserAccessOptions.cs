namespace Cultivation.Application.Access;

/// <summary>
/// Who may open the pages and workbooks meant for a browser (SPEC §5). Section <c>Access</c>; <see cref="AuthEnabled"/>
/// comes from the platform's <c>WEBSITE_AUTH_ENABLED</c> and <see cref="Development"/> from the environment.
/// </summary>
public sealed class BrowserAccessOptions
{
    public const string SectionName = "Access";

    /// <summary>App Service Authentication is on for the app: only then is <c>X-MS-CLIENT-PRINCIPAL</c> the platform's, not the caller's.</summary>
    public bool AuthEnabled { get; set; }

    /// <summary>The app runs in Development (Core Tools on a workstation): the pages are open to loopback callers.</summary>
    public bool Development { get; set; }

    /// <summary>App roles that may see the city-wide pages (dashboard, exports) and every source's files.</summary>
    public List<string> CityRoles { get; set; } = ["Leader", "Analyst"];

    /// <summary>
    /// Each filing source's Entra group (object id), as infra/ writes it from <c>filerGroups</c>:
    /// <c>东城街道=&lt;group id&gt;;西城街道=&lt;group id&gt;</c>. A member may open the source's own templates and workbooks.
    /// </summary>
    public string SourceGroups { get; set; } = string.Empty;

    /// <summary>App roles per source in the same form (<c>东城街道=Filer.Dongcheng;…</c>), for tenants that assign roles rather than groups.</summary>
    public string SourceRoles { get; set; } = string.Empty;

    /// <summary>Reads <c>source=value;source=value</c> (values may repeat a source: several groups or roles).</summary>
    public static ILookup<string, string> Pairs(string text) => text
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
        .Where(pair => pair.Length == 2 && pair[0].Length > 0 && pair[1].Length > 0)
        .ToLookup(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
