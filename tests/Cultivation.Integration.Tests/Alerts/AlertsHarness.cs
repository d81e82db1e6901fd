using Cultivation.Application.Alerts;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Cultivation.Infrastructure.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cultivation.Integration.Tests.Alerts;

/// <summary>
/// The real digest service over Azurite and smtp4dev, with progress from an in-memory test double of
/// <see cref="IProgressStore"/> (progress computation is not what these tests are about), a fake clock,
/// and a hook to make the mail sender misbehave.
/// </summary>
public sealed class AlertsHarness : IDisposable
{
    /// <summary>Monday 2022-10-17 08:30 China time: ISO week 42, the Q3 deadline (15 Oct) has passed.</summary>
    public static readonly DateTimeOffset Monday = new(2022, 10, 17, 0, 30, 0, TimeSpan.Zero);

    /// <param name="start">The fake clock's start (<see cref="Monday"/> unless given).</param>
    /// <param name="configure">Further service registrations (e.g. a telemetry capture).</param>
    public AlertsHarness(Func<IMailSender, OutgoingMail, CancellationToken, Task>? send = null, IDictionary<string, string?>? settings = null, DateTimeOffset? start = null,
        Action<IServiceCollection>? configure = null)
    {
        Clock = new FakeTimeProvider(start ?? Monday);
        Smtp = new Smtp4Dev();
        Recipient = Smtp4Dev.NewRecipient();
        var values = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Smtp.Port,
            ["Smtp:From"] = "cultivation@yongkang.example",
            ["Alerts:To"] = Recipient,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        Storage = new TestStorage(
            services =>
            {
                services.AddSingleton<IProgressStore>(Progress);
                services.AddSingleton<TimeProvider>(Clock);
                if (send is not null)
                {
                    services.AddSingleton<IMailSender>(sp => new HookedSender(new SmtpMailSender(sp.GetRequiredService<IOptions<SmtpOptions>>()), send));
                }

                configure?.Invoke(services);
            },
            values);
    }

    public Smtp4Dev Smtp { get; }

    public string Recipient { get; }

    public TestStorage Storage { get; }

    public FakeTimeProvider Clock { get; }

    public InMemoryProgressStore Progress { get; } = new();

    public WeeklyDigestService Service => Storage.Get<WeeklyDigestService>();

    public Task<IReadOnlyList<ReceivedMail>> MailsAsync() => Smtp.MessagesToAsync(Recipient);

    /// <summary>Every town but the given ones has an accepted filing of <paramref name="period"/>.</summary>
    public async Task FileAllButAsync(Period period, params string[] late)
    {
        var ledger = Storage.Get<IFilingLedger>();
        foreach (var town in new Domain.City.CityOptions().Towns.Except(late))
        {
            var name = $"{period.Year}/Q{period.Quarter}/{town}.xlsx";
            await ledger.TryWriteAsync(new LedgerEntry { BlobName = name, Period = period, Source = town, Status = FilingStatus.Accepted, CurrentSha = "sha-" + town }, default);
        }
    }

    public void Dispose() => Storage.Dispose();

    /// <summary>Sends through MailKit to a port nobody listens on: it fails to connect, before anything is handed over.</summary>
    public static Task SendToDeadServerAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var dead = new SmtpMailSender(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = LoopbackPort.Free(), From = "cultivation@yongkang.example" }));
        return dead.SendAsync(mail, cancellationToken);
    }

    /// <summary>Passes mails to the real SMTP sender through a hook that may fail before or after it.</summary>
    private sealed class HookedSender(IMailSender inner, Func<IMailSender, OutgoingMail, CancellationToken, Task> send) : IMailSender
    {
        public string MessageIdFor(OutgoingMail mail) => inner.MessageIdFor(mail);

        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken) => send(inner, mail, cancellationToken);
    }
}

/// <summary>Test double of the progress store: holds one year's progress and details in memory.</summary>
public sealed class InMemoryProgressStore : IProgressStore
{
    public YearProgress? Year { get; set; }

    public List<TargetDetail> Details { get; } = [];

    public LowEfficiencyList? LowEfficiency { get; set; }

    public Task<StoredProgress?> GetAsync(int year, CancellationToken cancellationToken) =>
        Task.FromResult(Year is { } y && y.Year == year ? new StoredProgress(y, "c1", "s1", "e1") : null);

    public Task<TargetDetail?> GetDetailAsync(int year, string targetId, CancellationToken cancellationToken) =>
        Task.FromResult(Details.FirstOrDefault(d => d.Id == targetId));

    public Task<LowEfficiencyList?> GetLowEfficiencyAsync(int year, Period period, CancellationToken cancellationToken) => Task.FromResult(LowEfficiency);

    public Task WriteEvidenceAsync(int year, string computeId, ProgressResult result, IReadOnlyList<LowEfficiencyList> lowEfficiency, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TrySwitchAsync(int year, StoredProgress progress, string? expectedETag, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task DeleteEvidenceAsync(int year, string computeId, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>2022 as of Q3: 小升规 41 of 100 (behind), 亩均税收 24.8 of 30 (at risk), 小巨人 2 of 2.</summary>
    public void Seed(params TargetFirm[] upgrades)
    {
        var upgradesTarget = new TargetProgress
        {
            Id = "above-scale-upgrades", Name = "新增小升规企业", Kind = ProgressStatus.Count, Unit = "家", Target = 100,
            Achieved = 41, Expected = 75, Status = ProgressStatus.Behind, StatusName = "滞后",
        };
        var tax = new TargetProgress
        {
            Id = "tax-per-mu-average", Name = "规上工业亩均税收", Kind = ProgressStatus.Ratio, Unit = "万元/亩", Target = 30,
            Value = 24.8m, Gap = 5.2m, Status = ProgressStatus.AtRisk, StatusName = "有风险",
        };
        var giants = new TargetProgress
        {
            Id = "national-little-giants", Name = "新增国家级专精特新\"小巨人\"", Kind = ProgressStatus.Count, Unit = "家", Target = 2,
            Achieved = 2, Expected = 1, Status = ProgressStatus.Achieved, StatusName = "已完成",
        };
        Year = new YearProgress { Year = 2022, AsOf = "2022Q3", ComputedAt = new DateTime(2022, 10, 16, 0, 0, 0, DateTimeKind.Utc), NextPeriod = null, Targets = [upgradesTarget, tax, giants] };
        Details.Clear();
        Details.Add(new TargetDetail(upgradesTarget)
        {
            Firms = upgrades,
            Pool = [new PoolFirm(1, "913307840000000001", "=SUM(A1)培育企业", "东城街道", 1900m), new PoolFirm(2, "913307840000000002", "培育二号", "西城街道", 1700m)],
        });
        Details.Add(new TargetDetail(tax));
        Details.Add(new TargetDetail(giants) { Firms = [new TargetFirm("91330784000000000G", "小巨人甲", "江南街道")] });
    }

    /// <summary>Adds the low-efficiency clearing target (40 baseline firms) with the firms the clearance rule counts as cleared.</summary>
    public void SeedCleared(params TargetFirm[] cleared)
    {
        var clearing = new TargetProgress
        {
            Id = "low-efficiency-cleared", Name = "出清亩均税收5万元以下低效企业", Kind = ProgressStatus.Count, Unit = "家", Target = 40, TargetText = "all",
            Achieved = cleared.Length, Expected = 30, Status = ProgressStatus.Behind, StatusName = "滞后",
        };
        Year = Year! with { Targets = [.. Year.Targets, clearing] };
        Details.Add(new TargetDetail(clearing) { Firms = cleared, NotCleared = [] });
    }
}
