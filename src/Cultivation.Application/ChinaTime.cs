namespace Cultivation.Application;

/// <summary>Times as people read them: China time (Asia/Shanghai). Storage keeps UTC.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset Of(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>e.g. <c>2022-07-12 16:30:05（北京时间）</c>.</summary>
    public static string Format(DateTimeOffset at) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Of(at):yyyy-MM-dd HH:mm:ss}（北京时间）");
}
