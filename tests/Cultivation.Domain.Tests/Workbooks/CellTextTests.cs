using Cultivation.Application.Workbooks;

namespace Cultivation.Domain.Tests.Workbooks;

public sealed class CellTextTests
{
    [Fact]
    public void Text_within_the_cell_budget_is_kept_whole()
    {
        var text = new string('字', 32_767);

        Assert.Same(text, CellText.Fit(text, out var cut));
        Assert.False(cut);
    }

    [Fact]
    public void Text_over_the_cell_budget_is_cut_to_it_and_marked()
    {
        var fitted = CellText.Fit(new string('字', 40_000), out var cut);

        Assert.True(cut);
        Assert.Equal(32_767, fitted.Length);
        Assert.Equal(new string('字', 32_767 - WorkbookLimits.CutMark.Length) + WorkbookLimits.CutMark, fitted);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var keep = 32_767 - WorkbookLimits.CutMark.Length;
        var text = new string('a', keep - 1) + "𠀀" + new string('b', 10_000);

        var fitted = CellText.Fit(text, out _);

        Assert.Equal(new string('a', keep - 1) + WorkbookLimits.CutMark, fitted);
    }

    [Fact]
    public void Quotes_at_most_a_hundred_characters()
    {
        Assert.Equal("短值", CellText.Quote("短值"));
        Assert.Equal(new string('x', 99) + "…", CellText.Quote(new string('x', 150)));
    }

    [Theory]
    [InlineData("普通文字", "普通文字")]
    [InlineData("a\u0001b", "a_x0001_b")]
    [InlineData("tab\tand\nline", "tab\tand\nline")]
    [InlineData("literal _x0041_ stays", "literal _x005F_x0041_ stays")]
    [InlineData("_x12_ is no escape", "_x12_ is no escape")]
    [InlineData("pair 𠀀 kept", "pair 𠀀 kept")]
    public void Characters_xml_cannot_carry_are_written_as_excel_escapes(string text, string expected)
    {
        Assert.Equal(expected, CellText.ForXml(text));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_too()
    {
        // Built here: theory data would not carry a lone surrogate through to the test intact.
        Assert.Equal("lone _xD800_ surrogate", CellText.ForXml("lone " + (char)0xD800 + " surrogate"));
    }
}
