using System.Text;
using Azure.Data.Tables;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Text longer than one string property may hold (64 KiB in Azure, i.e. 32 K UTF-16 characters) kept in
/// numbered properties <c>{name}0</c>, <c>{name}1</c>, … with the count in <c>{name}Chunks</c>.
/// </summary>
internal static class LongText
{
    private const int ChunkChars = 30_000;

    public static void Split(TableEntity entity, string name, string text)
    {
        var count = 0;
        for (var start = 0; start < text.Length; start += ChunkChars, count++)
        {
            entity[$"{name}{count}"] = text.Substring(start, Math.Min(ChunkChars, text.Length - start));
        }

        entity[$"{name}Chunks"] = count;
    }

    public static string Join(TableEntity entity, string name)
    {
        var count = entity.GetInt32($"{name}Chunks") ?? 0;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append(entity.GetString($"{name}{i}"));
        }

        return sb.ToString();
    }
}
