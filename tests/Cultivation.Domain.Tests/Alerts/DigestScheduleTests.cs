using Cultivation.Application.Alerts;
using static Cultivation.Domain.Tests.Alerts.DigestSamples;

namespace Cultivation.Domain.Tests.Alerts;

public sealed class DigestScheduleTests
{
    private static readonly TimeOnly HalfPastEight = new(8, 30);

    [Theory]
    [InlineData("2022-10-17T08:30:00+08:00", "2022-10-17T00:30:00Z")]
    [InlineData("2022-10-23T23:59:00+08:00", "2022-10-17T00:30:00Z")]
    [InlineData("2022-10-16T23:59:00+08:00", "2022-10-10T00:30:00Z")]
    [InlineData("2023-01-01T12:00:00+08:00", "2022-12-26T00:30:00Z")]
    public void The_send_time_is_monday_0830_china_time_of_the_iso_week(string now, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            DigestSchedule.SendTimeOfWeek(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), China, DayOfWeek.Monday, HalfPastEight));
    }

    [Fact]
    public void Monday_0810_in_china_is_not_due_although_sunday_in_utc_is_past_last_weeks_send_time()
    {
        // 2022-10-17 00:10 UTC is Monday 08:10 in Shanghai: week 42 has begun, its send time not yet come.
        var now = new DateTimeOffset(2022, 10, 17, 0, 10, 0, TimeSpan.Zero);

        Assert.False(DigestSchedule.IsDue(now, China, DayOfWeek.Monday, HalfPastEight));
        Assert.True(DigestSchedule.IsDue(now.AddMinutes(20), China, DayOfWeek.Monday, HalfPastEight));
    }

    [Fact]
    public void A_send_day_later_in_the_week_is_not_due_on_the_days_before_it()
    {
        var sunday = new DateTimeOffset(2022, 10, 23, 12, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateTimeOffset(2022, 10, 23, 9, 0, 0, TimeSpan.FromHours(8)), DigestSchedule.SendTimeOfWeek(sunday, China, DayOfWeek.Sunday, new TimeOnly(9, 0)));
        Assert.False(DigestSchedule.IsDue(sunday.AddDays(-1), China, DayOfWeek.Sunday, new TimeOnly(9, 0)));
        Assert.True(DigestSchedule.IsDue(sunday, China, DayOfWeek.Sunday, new TimeOnly(9, 0)));
    }
}
