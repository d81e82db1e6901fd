namespace Cultivation.Application.Alerts;

/// <summary>
/// When a week's digest is due: from the send day and time of its ISO week (local time of the city) to the
/// week's end. The timer runs more often than weekly, so a run that finds the week not yet due does nothing
/// and one that finds it due sends unless the week's digest went out already.
/// </summary>
public static class DigestSchedule
{
    /// <summary>The instant of the ISO week of <paramref name="now"/> from which its digest is due.</summary>
    public static DateTimeOffset SendTimeOfWeek(DateTimeOffset now, TimeZoneInfo zone, DayOfWeek day, TimeOnly time)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

        // ISO weeks start on Monday; DayOfWeek counts from Sunday.
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var local = monday.AddDays(((int)day + 6) % 7).ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static bool IsDue(DateTimeOffset now, TimeZoneInfo zone, DayOfWeek day, TimeOnly time) =>
        now >= SendTimeOfWeek(now, zone, day, time);
}
