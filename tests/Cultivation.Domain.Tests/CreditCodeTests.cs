using Cultivation.Domain.Firms;

namespace Cultivation.Domain.Tests;

public class CreditCodeTests
{
    [Theory]
    [InlineData("91330784MA2E8ABCDX")]
    public void Computes_the_check_character_it_then_accepts(string seed)
    {
        var check = CreditCode.ComputeCheckCharacter(seed.AsSpan(0, 17));
        var text = string.Concat(seed.AsSpan(0, 17), check.ToString());

        Assert.True(CreditCode.TryParse(text, out var code));
        Assert.Equal(text, code.Value);
        Assert.True(code.IsEnterprise);
        Assert.Equal("330784", code.RegionCode);
    }

    [Fact]
    public void Accepts_a_published_code_with_a_valid_check_character()
    {
        // The worked example of GB 32100-2015: 91350100M000100Y43.
        Assert.Equal('3', CreditCode.ComputeCheckCharacter("91350100M000100Y4"));
    }

    [Fact]
    public void Rejects_a_code_whose_check_character_is_wrong()
    {
        var first17 = "92330784MA2E8ABCD";
        var right = CreditCode.ComputeCheckCharacter(first17);
        var wrong = CreditCode.Alphabet[(CreditCode.Alphabet.IndexOf(right) + 1) % 31];

        Assert.False(CreditCode.TryParse(first17 + wrong, out _, out var problem));
        Assert.Contains("校验位", problem.Chinese);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9133078412345678")]
    [InlineData("91330784MA2E8ABCDI")]
    public void Rejects_malformed_codes(string text) => Assert.False(CreditCode.TryParse(text, out _));
}
