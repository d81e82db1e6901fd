using Cultivation.Domain.Firms;

namespace Cultivation.SampleCity.City;

/// <summary>
/// Everything the generator decides about one firm: its identity, its annual figures for 2021 and
/// 2022, how the year-to-date figures accrue over 2022, and its designed events. Rows are derived
/// from it by <see cref="SampleCityGenerator"/>.
/// </summary>
internal sealed class FirmPlan
{
    public int Id { get; init; }

    public string Town { get; set; } = "";

    public string Source { get; set; } = "";

    public string Trade { get; set; } = "";

    public string IndustryCode { get; set; } = "";

    public bool Individual { get; set; }

    public string Brand { get; set; } = "";

    public string Code21 { get; set; } = "";

    public string Name21 { get; set; } = "";

    /// <summary>个转企: the new 91… code and name from <see cref="ConvertQuarter"/> on.</summary>
    public string? Code22 { get; set; }

    public string? Name22 { get; set; }

    public int ConvertQuarter { get; set; }

    public DateOnly ConvertDate { get; set; }

    public bool Above21 { get; set; }

    public int? AboveSince { get; set; }

    /// <summary>小升规: 规上 from this 2022 quarter on (0: no).</summary>
    public int UpgradeQuarter { get; set; }

    /// <summary>Null: empty cell (rented premises).</summary>
    public decimal? Land { get; set; }

    public double Rev20 { get; set; }

    public double Rev21 { get; set; }

    public double Rev22 { get; set; }

    public double Tax21 { get; set; }

    public double Tax22 { get; set; }

    public double Rd21 { get; set; }

    public double Rd22 { get; set; }

    public int Emp21 { get; set; }

    public int Emp22 { get; set; }

    /// <summary>Cumulative share of the annual figure by the end of quarter 1–4 (index 0 unused, [4] = 1).</summary>
    public double[] RevShare21 { get; } = new double[5];

    public double[] RevShare22 { get; } = new double[5];

    public double[] TaxShare22 { get; } = new double[5];

    public double[] RdShare22 { get; } = new double[5];

    /// <summary>A normal 规上 industrial firm whose tax is scaled to hit the city's 亩均 calibration.</summary>
    public bool Calibrated { get; set; }

    /// <summary>Designed YTD tax for a low-efficiency firm: [0] = 2021 Q4, [1..4] = 2022 Q1..Q4.</summary>
    public decimal[]? DesignedTax { get; set; }

    /// <summary>已关停 in this 2022 quarter: figures stay frozen from then on.</summary>
    public int CloseQuarter { get; set; }

    /// <summary>No row after this 2022 quarter (a closed firm that stops being filed); 0: files every period.</summary>
    public int StopsFilingAfter { get; set; }

    /// <summary>资质 is written up to this 2022 quarter and left blank afterwards; 0: written every period.</summary>
    public int RecognitionsStatedUntil { get; set; }

    public bool FilesIn(Cultivation.Domain.Periods.Period period) =>
        StopsFilingAfter == 0 || period.Year < 2022 || period.Quarter <= StopsFilingAfter;

    /// <summary>On the 低散乱 list: 整治状态 is written even when it is 无.</summary>
    public bool RemediationListed { get; set; }

    public RemediationStatus Rem21 { get; set; }

    public DateOnly? RemDate21 { get; set; }

    /// <summary>2022 quarter in which 整治中 starts (0: not, or already at 2021 Q4).</summary>
    public int RemStartQuarter { get; set; }

    public int RemDoneQuarter { get; set; }

    public RemediationStatus RemDoneStatus { get; set; }

    public DateOnly RemDoneDate { get; set; }

    /// <summary>Recognitions with the 2022 quarter from which rows carry them (0: already at 2021 Q4).</summary>
    public List<(Recognition Recognition, int FromQuarter)> Recognitions { get; } = [];

    public List<string> Roles { get; } = [];

    /// <summary>Taken by a designed role: not free for another.</summary>
    public bool Special { get; set; }

    public bool IsIndustrial => int.Parse(IndustryCode.AsSpan(0, 2)) is >= 6 and <= 46;
}
