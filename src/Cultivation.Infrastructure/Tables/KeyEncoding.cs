using System.Globalization;
using System.Text;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Makes any text safe as a PartitionKey or RowKey: '/', '\', '#', '?', '%' and control characters are
/// not allowed in keys, so they are written as %XX (and decoded back).
/// </summary>
public static class KeyEncoding
{
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    public static string Decode(string key)
    {
        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var sb = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '%' && i + 2 < key.Length &&
                int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else
            {
                sb.Append(key[i]);
            }
        }

        return sb.ToString();
    }
}
