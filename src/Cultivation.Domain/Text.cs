using System.Text;

namespace Cultivation.Domain;

/// <summary>Text normalisation for what Chinese spreadsheets contain.</summary>
public static class Text
{
    /// <summary>
    /// Folds full-width forms (U+FF01–U+FF5E: ０–９, Ａ–Ｚ, （）, ：, ；, ，) to their ASCII
    /// equivalents and the ideographic space to a space. Other characters are kept.
    /// </summary>
    public static string FoldWidth(string text)
    {
        var needs = false;
        foreach (var c in text)
        {
            if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000')
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            });
        }

        return sb.ToString();
    }
}
