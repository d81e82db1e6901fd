using System.Text;
using Cultivation.Application.Alerts;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Cultivation.Integration.Tests.Alerts;

/// <summary>
/// SPEC §6: every weekly digest of the sample city's year stays under 100 KB of HTML (mail clients clip larger ones),
/// its lists capped with the full lists attached. The year is played as the demo tells it: each quarter's files ten
/// days after the quarter, the broken correction before the Q3 digest, the late town after it; a digest every Monday,
/// or only on the demo's two Mondays (the second then names every change since October: the largest lists).
/// </summary>
public sealed class DigestSizeTests : IDisposable
{
    private const int MaxHtmlBytes = 100 * 1000;
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CapturingSender _mail = new();
    private readonly ITestOutputHelper _output;
    private readonly TestStorage _storage;

    public DigestSizeTests(ITestOutputHelper output)
    {
        _output = output;
        _storage = new TestStorage(
            services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.AddSingleton<IMailSender>(_mail);
            },
            new Dictionary<string, string?> { ["Alerts:To"] = "leaders@test.example" });
    }

    public void Dispose() => _storage.Dispose();

    [Theory]
    [InlineData(false, 56)]
    [InlineData(true, 2)]
    public async Task Every_digest_of_the_sample_citys_year_is_under_100_KB_and_carries_the_workbook(bool demoMondaysOnly, int digests)
    {
        var demoMondays = new[] { new DateTimeOffset(2022, 10, 17, 8, 30, 0, China), new DateTimeOffset(2023, 1, 16, 8, 30, 0, China) };
        var root = Repository.Root();
        await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(root, "seeds/targets/2022.json")), default);
        var arrivals = new List<(DateTimeOffset At, string Folder, string Period)>();
        foreach (var q in new[] { 1, 2, 3, 4 })
        {
            arrivals.Add((new DateTimeOffset(2021, 3 * q, 1, 10, 0, 0, China).AddMonths(1).AddDays(9), "seeds/filings", $"2021/Q{q}"));
            arrivals.Add((new DateTimeOffset(2022, 3 * q, 1, 10, 0, 0, China).AddMonths(1).AddDays(9), "seeds/filings", $"2022/Q{q}"));
        }

        arrivals.Add((new DateTimeOffset(2022, 10, 13, 15, 0, 0, China), "seeds/filings-bad", "2022/Q2"));
        arrivals.Add((new DateTimeOffset(2022, 10, 18, 9, 0, 0, China), "seeds/filings-late", "2022/Q3"));
        var pending = new Queue<(DateTimeOffset At, string Folder, string Period)>(arrivals.OrderBy(a => a.At));

        var sizes = new List<(string Week, int Bytes, bool Capped)>();
        for (var monday = new DateTimeOffset(2022, 1, 3, 8, 30, 0, China); monday <= new DateTimeOffset(2023, 1, 23, 8, 30, 0, China); monday = monday.AddDays(7))
        {
            while (pending.Count > 0 && pending.Peek().At <= monday)
            {
                var (at, folder, period) = pending.Dequeue();
                _clock.SetUtcNow(at);
                await IngestAsync(Path.Combine(root, folder, period), period);
            }

            if (demoMondaysOnly && !demoMondays.Contains(monday))
            {
                continue;
            }

            _clock.SetUtcNow(monday);
            var outcome = await _storage.Get<WeeklyDigestService>().SendAsync(monday, default);
            Assert.Equal(DigestSendResult.Sent, outcome.Result);
            var mail = _mail.Sent[^1];
            sizes.Add((outcome.Week, Encoding.UTF8.GetByteCount(mail.Html), mail.Html.Contains("……另有", StringComparison.Ordinal)));
            Assert.Equal("永康市企业梯度培育-2022.xlsx", Assert.Single(mail.Attachments).FileName);
        }

        var largest = sizes.MaxBy(s => s.Bytes);
        _output.WriteLine($"{sizes.Count} digests; largest HTML {largest.Bytes:N0} bytes ({largest.Week}); attachment up to {_mail.Sent.Max(m => m.Attachments.Single().Content.Length):N0} bytes");
        foreach (var (week, bytes, capped) in sizes.Where(s => s.Bytes > 20_000))
        {
            _output.WriteLine($"  {week}: {bytes:N0} bytes{(capped ? ", lists capped" : string.Empty)}");
        }

        Assert.Equal(digests, sizes.Count);
        Assert.All(sizes, s => Assert.True(s.Bytes < MaxHtmlBytes, $"{s.Week}: {s.Bytes:N0} bytes of HTML"));

        // The quarters' arrivals newly count dozens of firms: the lists were capped, not merely short.
        Assert.Contains(sizes, s => s.Capped);
    }

    private async Task IngestAsync(string folder, string period)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            await _storage.Get<IFilingBlobs>().UploadAsync($"{period}/{Path.GetFileName(file)}", stream, default);
        }

        await _storage.Get<ReconcileService>().ReconcileAsync(null, default);
    }

    /// <summary>Keeps what would have gone to the SMTP server (56 sends: the content is what is measured, not the delivery).</summary>
    private sealed class CapturingSender : IMailSender
    {
        public List<OutgoingMail> Sent { get; } = [];

        public string MessageIdFor(OutgoingMail mail) => mail.MessageIdLocalPart + "@test.example";

        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            Sent.Add(mail);
            return Task.CompletedTask;
        }
    }
}
