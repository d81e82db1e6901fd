using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Progress;

/// <summary>Every row of the input once: one per firm and period (a repeat is ignored), by firm in period order and by period.</summary>
internal sealed class RowIndex
{
    private readonly Dictionary<CreditCode, List<FiledRow>> _byFirm = [];
    private readonly Dictionary<Period, List<FirmRow>> _byPeriod = [];

    public RowIndex(IEnumerable<FiledRow> rows)
    {
        var seen = new HashSet<(CreditCode, Period)>();
        foreach (var filed in rows)
        {
            if (!seen.Add((filed.Row.CreditCode, filed.Period)))
            {
                continue;
            }

            if (!_byFirm.TryGetValue(filed.Row.CreditCode, out var list))
            {
                _byFirm[filed.Row.CreditCode] = list = [];
            }

            list.Add(filed);
            if (!_byPeriod.TryGetValue(filed.Period, out var periodRows))
            {
                _byPeriod[filed.Period] = periodRows = [];
            }

            periodRows.Add(filed.Row);
        }

        foreach (var list in _byFirm.Values)
        {
            list.Sort((a, b) => a.Period.CompareTo(b.Period));
        }
    }

    public IReadOnlyDictionary<CreditCode, List<FiledRow>> ByFirm => _byFirm;

    public IReadOnlyList<FirmRow> RowsOf(Period period) => _byPeriod.TryGetValue(period, out var rows) ? rows : [];
}

/// <summary>
/// The rows that matter for one year as of one of its quarters: last year's, and this year's up to the
/// as-of period (rows of a later, partly filed quarter wait). Built for the as-of period of the body and
/// again for each quarter of the trend (<see cref="ProgressAtQuarter"/>), over one shared index.
/// </summary>
internal sealed class YearData
{
    private readonly RowIndex _index;
    private readonly Dictionary<CreditCode, FiledRow> _latest = [];
    private readonly Dictionary<CreditCode, FirmRow> _state = [];
    private readonly Dictionary<string, int> _townOrder;

    public YearData(ProgressInput input, RowIndex index, int year, Period? asOf)
    {
        Input = input;
        _index = index;
        Year = year;
        AsOf = asOf;
        _townOrder = input.City.Towns.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        foreach (var (code, rows) in index.ByFirm)
        {
            var latest = rows.LastOrDefault(r => r.Period.Year == year && InWindow(r.Period));
            if (latest is not null)
            {
                _latest[code] = latest;
                _state[code] = EventFields.Resolve(History(code), latest.Row);
            }
        }
    }

    public ProgressInput Input { get; }

    public RuleOptions Options => Input.Options;

    public int Year { get; }

    public Period? AsOf { get; }

    /// <summary>Each firm's latest row of the year (up to the as-of period).</summary>
    public IReadOnlyDictionary<CreditCode, FiledRow> Latest => _latest;

    /// <summary>
    /// Each firm's state as of the as-of period: its latest row of the year, with the event fields read from
    /// the latest rows that fill them in (<see cref="EventFields"/>). Rules that count firms read these.
    /// </summary>
    public IEnumerable<FirmRow> States => _state.Values;

    public FirmRow? StateOf(CreditCode code) => _state.TryGetValue(code, out var row) ? row : null;

    public bool IsComplete(Period period) => FilingCompleteness.IsComplete(period, Input.AcceptedSources, Input.City);

    /// <summary>The firm's rows of last year and of this year up to the as-of period, in period order.</summary>
    public IEnumerable<FiledRow> History(CreditCode code) =>
        _index.ByFirm.TryGetValue(code, out var rows) ? rows.Where(r => InWindow(r.Period)) : [];

    /// <summary>The firm's rows of this year up to the as-of period, in period order.</summary>
    public IEnumerable<FiledRow> RowsOfYear(CreditCode code) => History(code).Where(r => r.Period.Year == Year);

    public IReadOnlyList<FirmRow> RowsOf(Period period) => InWindow(period) ? _index.RowsOf(period) : [];

    public FirmRow? RowAt(CreditCode code, Period period) => History(code).FirstOrDefault(r => r.Period == period)?.Row;

    /// <summary>上年营业收入 from the latest row of this year that fills it, else last year's Q4 row's revenue.</summary>
    public decimal? LastYearRevenue(CreditCode code)
    {
        var given = RowsOfYear(code).Reverse().Select(r => r.Row.RevenueLastYear).FirstOrDefault(v => v is not null);
        return given ?? RowAt(code, new Period(Year - 1, 4))?.Revenue;
    }

    /// <summary>Firms in town order (as configured), then by credit code.</summary>
    public IEnumerable<FirmRow> Sorted(IEnumerable<FirmRow> rows) => Sorted(rows, r => r);

    public IEnumerable<T> Sorted<T>(IEnumerable<T> items, Func<T, FirmRow> row) => items
        .OrderBy(x => _townOrder.TryGetValue(row(x).Town, out var order) ? order : int.MaxValue)
        .ThenBy(x => row(x).Town, StringComparer.Ordinal)
        .ThenBy(x => row(x).CreditCode.Value, StringComparer.Ordinal);

    private bool InWindow(Period period) =>
        period.Year == Year - 1 || (period.Year == Year && AsOf is { } asOf && period <= asOf);
}
