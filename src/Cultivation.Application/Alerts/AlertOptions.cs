namespace Cultivation.Application.Alerts;

/// <summary>
/// The weekly alert email. Section <c>Alerts</c>. The timer (function setting <c>AlertSchedule</c>) runs
/// hourly; the week's digest goes out at the first run at or after <see cref="SendDay"/> <see cref="SendTime"/>,
/// and a send that failed is retried by the week's later runs.
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Recipients, separated by commas or semicolons.</summary>
    public string To { get; set; } = string.Empty;

    /// <summary>Weeks and days are reckoned in this time zone (IANA id).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How many firms of the 小升规 cultivation pool the digest lists.</summary>
    public int PoolTop { get; set; } = 10;

    /// <summary>How many entries each list of the digest shows before "另有 N 家"; the attached workbook has them all.</summary>
    public int ListTop { get; set; } = 20;

    public bool Enabled { get; set; } = true;

    /// <summary>The day of the ISO week (in <see cref="TimeZone"/>) from which the timer sends the week's digest.</summary>
    public DayOfWeek SendDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The time of <see cref="SendDay"/> (in <see cref="TimeZone"/>) from which the timer sends, e.g. <c>08:30</c>.</summary>
    public TimeOnly SendTime { get; set; } = new(8, 30);

    /// <summary>How long a claimed week stays with the sender that claimed it; a crashed sender's claim expires after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sends of one week whose outcome stayed unknown after which the digest is not tried again.</summary>
    public int MaxAttempts { get; set; } = 3;

    public IReadOnlyList<string> Recipients() =>
        [.. To.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>Section <c>Filings</c>: a quarter's filings are due by <see cref="DeadlineDay"/> of the month after the quarter (China time).</summary>
public sealed class FilingDeadlineOptions
{
    public const string SectionName = "Filings";

    public int DeadlineDay { get; set; } = 15;
}
