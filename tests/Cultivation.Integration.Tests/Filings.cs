using System.Globalization;
using System.Text;
using Cultivation.Domain.Firms;

namespace Cultivation.Integration.Tests;

/// <summary>Small filings for tests: valid credit codes, a header row, one row per firm.</summary>
public static class Filings
{
    public const string Header = "统一社会信用代码,企业名称,所属镇街,是否规上,营业收入(万元),实缴税金(万元),用地面积(亩)";

    /// <summary>A valid enterprise code whose organisation part is built from <paramref name="n"/>.</summary>
    public static string Code(int n, string prefix = "91330784")
    {
        var first17 = prefix + "MA" + n.ToString("D7", CultureInfo.InvariantCulture);
        return first17 + CreditCode.ComputeCheckCharacter(first17);
    }

    public static string Row(int n, string town = "东城街道", decimal revenue = 2500m, decimal tax = 120m, decimal land = 20m, string aboveScale = "是") =>
        string.Create(CultureInfo.InvariantCulture, $"{Code(n)},永康市测试{n}号五金有限公司,{town},{aboveScale},{revenue},{tax},{land}");

    public static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", rows) + "\n");

    public static byte[] CsvOf(IEnumerable<int> firms, string town = "东城街道") => Csv([.. firms.Select(n => Row(n, town))]);
}
