namespace Cultivation.Domain;

/// <summary>Why a value was refused, said in the filer's language (Chinese) and in English.</summary>
public sealed record Problem(string Chinese, string English)
{
    public override string ToString() => $"{Chinese} / {English}";
}
