namespace Cultivation.Domain.City;

/// <summary>
/// Who hears of a source's files (<c>City:Contacts</c>): an email address (or several, separated by commas or
/// semicolons) and a group-chat webhook, either or both. Webhook URLs carry the robot's token: in Azure they are Key
/// Vault references, which the platform resolves (an unresolved one arrives empty and counts as not configured).
/// </summary>
public sealed class FilerContact
{
    /// <summary>A town, the statistics bureau, or the bureau itself (<see cref="CityOptions.Bureau"/>).</summary>
    public string Source { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string? Webhook { get; set; }

    /// <summary>The DingTalk robot's 加签 secret (<c>SEC…</c>), when it signs; also a Key Vault reference in Azure.</summary>
    public string? WebhookSecret { get; set; }

    public IReadOnlyList<string> Emails() =>
        [.. (Email ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    public bool HasWebhook => !string.IsNullOrWhiteSpace(Webhook);

    public bool IsReachable => Emails().Count > 0 || HasWebhook;
}
