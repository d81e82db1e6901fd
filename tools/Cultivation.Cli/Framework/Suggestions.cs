namespace Cultivation.Cli.Framework;

/// <summary>The valid name nearest to a mistyped one (edit distance, a swap of two letters counting as one edit).</summary>
public static class Suggestions
{
    /// <summary>The nearest of <paramref name="names"/>, or null when none is close enough to be what was meant.</summary>
    public static string? Nearest(string typed, IEnumerable<string> names)
    {
        var best = names
            .Select(name => (Name: name, Distance: Distance(typed, name)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();

        // A name that shares less than half its letters with what was typed is no suggestion.
        return best.Name is not null && best.Distance <= Math.Max(2, typed.TrimStart('-').Length / 2) ? best.Name : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
