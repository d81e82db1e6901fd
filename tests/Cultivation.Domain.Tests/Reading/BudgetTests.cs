using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Cultivation.Application.Reading;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Tests.Builders;
using static Cultivation.Domain.Tests.Reading.ReaderHarness;

namespace Cultivation.Domain.Tests.Reading;

/// <summary>SPEC §2 Budgets as the reader applies them: each budget's edge, and what a report quotes of a value.</summary>
public sealed class BudgetTests
{
    [Fact]
    public void Quotes_a_value_of_up_to_100_characters_whole_and_cuts_a_longer_one_with_its_length()
    {
        var hundred = new string('甲', 100);

        Assert.Same(hundred, Budgets.Quote(hundred));
        Assert.Equal(new string('甲', 100) + "…（共 101 字）", Budgets.Quote(new string('甲', 101)));
        Assert.Equal(new string('a', 100) + "… (32767 characters)", Budgets.QuoteEnglish(new string('a', 32_767)));
    }

    [Fact]
    public void Never_cuts_a_character_outside_the_basic_plane_in_two()
    {
        // 99 characters, then 𠀀 (two UTF-16 units) across the 100th position.
        var text = new string('a', 99) + "\U00020000" + "bbb";

        Assert.Equal(new string('a', 99) + "…（共 104 字）", Budgets.Quote(text));
    }

    [Fact]
    public void Rejects_a_file_at_its_first_cell_longer_than_Excel_allows_quoting_only_its_start()
    {
        var long_ = SampleFiling.Firm(2);
        long_[2] = new string('镇', Budgets.MaxCellLength + 1);
        var rows = SampleFiling.Table(SampleFiling.Firm(1), long_, SampleFiling.Firm(3, town: "火星镇"));

        var error = SingleError(ReadXlsx(rows));

        Assert.Equal((3, "C"), (error.Row, error.Column));
        Assert.Equal(new string('镇', 100) + "…（共 32768 字）", error.Value);
        Assert.Contains("有 32,768 个字符，超过 Excel 单元格的上限 32,767 个字符", error.Chinese);
        Assert.Contains("holds 32,768 characters, more than Excel's limit of 32,767", error.English);
    }

    [Fact]
    public void Accepts_a_cell_of_exactly_Excels_limit_in_a_column_the_format_does_not_use()
    {
        object?[] header = [.. SampleFiling.Header, "备注说明"];
        object?[] firm = [.. SampleFiling.Firm(1), new string('注', Budgets.MaxCellLength)];

        Assert.Single(Accepted(ReadXlsx([header, firm])));
    }

    [Fact]
    public void Applies_the_cell_limit_to_csv_as_well()
    {
        var firm = SampleFiling.Firm(1);
        firm[1] = new string('名', 40_000);
        var csv = new CsvBuilder().Rows(SampleFiling.Table(firm)).Utf8();

        var error = SingleError(Read(csv, "2022/Q2/东城街道.csv"));

        Assert.Equal((2, "B"), (error.Row, error.Column));
        Assert.Contains("40,000 个字符", error.Chinese);
    }

    [Fact]
    public void Quotes_at_most_100_characters_of_a_long_value_in_the_error_and_both_messages()
    {
        var firm = SampleFiling.Firm(1, town: new string('镇', 30_000));

        var error = SingleError(ReadXlsx(SampleFiling.Table(firm)));

        Assert.Equal(new string('镇', 100) + "…（共 30000 字）", error.Value);
        Assert.Contains(new string('镇', 100) + "…（共 30000 字）", error.Chinese);
        Assert.Contains(new string('镇', 100) + "… (30000 characters)", error.English);
        Assert.True(error.Chinese.Length < 400 && error.English.Length < 400, $"{error.Chinese.Length}, {error.English.Length}");
    }

    [Fact]
    public void Rejects_a_name_longer_than_200_characters_and_quotes_100_of_them()
    {
        var firm = SampleFiling.Firm(1);
        firm[1] = new string('企', 201);

        var error = SingleError(ReadXlsx(SampleFiling.Table(firm)));

        Assert.Equal("企业名称超过200个字符（共 201 字）", error.Chinese);
        Assert.Equal(new string('企', 100) + "…（共 201 字）", error.Value);
    }

    [Fact]
    public void Accepts_a_qualification_cell_of_500_characters_and_rejects_one_of_501()
    {
        // 50 recognitions of 9 characters joined by ';' make 499 characters; a space before the first ';' makes 500.
        var exactly = "专精特新:2022 ;" + string.Join(";", Enumerable.Repeat("专精特新:2022", 49));
        Assert.Equal(500, exactly.Length);
        object?[] header = [.. SampleFiling.Header, "资质"];

        var accepted = Accepted(ReadXlsx([header, [.. SampleFiling.Firm(1), exactly]]));
        var error = SingleError(ReadXlsx([header, [.. SampleFiling.Firm(1), exactly + "年"]]));

        Assert.Equal(50, Assert.Single(accepted).Recognitions.Count);
        Assert.Equal("资质超过500个字符（共 501 字）", error.Chinese);
        Assert.Equal("资质", error.Column);
    }

    [Fact]
    public void Rows_of_one_town_and_one_industry_share_one_string_of_each_even_from_inline_strings()
    {
        object?[] header = [.. SampleFiling.Header, "行业代码"];
        var rows = Enumerable.Range(1, 3).Select(n => (object?[])[.. SampleFiling.Firm(n), "3399"]);
        var bytes = new XlsxBuilder { InlineStrings = true }.Rows([header, .. rows]).Build();

        var firms = Accepted(Read(bytes));

        Assert.Equal(3, firms.Count);
        Assert.All(firms, f => Assert.Same(firms[0].Town, f.Town));
        Assert.All(firms, f => Assert.Same(firms[0].IndustryCode, f.IndustryCode));
        Assert.Equal(("东城街道", "3399"), (firms[0].Town, firms[0].IndustryCode));
    }

    [Fact]
    public void Stops_a_sheet_whose_text_read_passes_the_budget()
    {
        var rows = SampleFiling.Table(SampleFiling.Firm(1), SampleFiling.Firm(2), SampleFiling.Firm(3));

        var error = SingleError(Read(new XlsxBuilder().Rows(rows).Build(), options: new ReadingOptions { MaxSheetText = 100 }));

        Assert.Contains("表格中的文字过多（各单元格合计超过 100 个字符", error.Chinese);
        Assert.Contains("more text than 100 characters", error.English);
    }

    [Fact]
    public void Refuses_a_shared_string_table_beyond_its_budget_before_the_reader_loads_it()
    {
        var bytes = HostileWorkbooks.SharedStrings(200 * 1024, itemLength: 4);

        var error = SingleError(Read(bytes, options: new ReadingOptions { MaxSharedStringsBytes = 100 * 1024 }));

        Assert.Contains("共享字符串表）解压后超过 0 MB", error.Chinese);
        Assert.Single(Accepted(Read(bytes, options: new ReadingOptions { MaxSharedStringsBytes = 300 * 1024 })));
    }

    [Fact]
    public void Refuses_an_xls_larger_than_the_format_ever_needs_and_asks_for_xlsx()
    {
        var xls = new XlsBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1))).Build();

        var error = SingleError(Read(xls, "2022/Q2/东城街道.xls", new ReadingOptions { MaxXlsBytes = xls.Length - 1 }));

        Assert.Contains("另存为 .xlsx", error.Chinese);
        Assert.Single(Accepted(Read(xls, "2022/Q2/东城街道.xls", new ReadingOptions { MaxXlsBytes = xls.Length })));
    }

    [Fact]
    public void Refuses_a_row_with_more_cells_than_Excel_has_columns()
    {
        var error = SingleError(Read(HostileWorkbooks.CrowdedRow(Budgets.MaxColumns + 1)));

        Assert.Contains("有一行的单元格超过 Excel 的上限（16,384 个）", error.Chinese);
        Assert.Contains("more cells than Excel's limit of 16,384", error.English);
    }

    [Theory]
    [InlineData("2")]
    [InlineData(" 2 ")]
    [InlineData("+02")]
    public void Counts_the_cells_of_rows_that_repeat_one_number_together_as_the_reader_joins_them(string repeated)
    {
        // Two row elements of 10,000 cells each, both numbered 2 (however written): one row of 20,000 cells.
        var bytes = HostileWorkbooks.Build(sheet: w =>
        {
            HostileWorkbooks.HeaderRow(w, sharedFrom: -1);
            for (var element = 0; element < 2; element++)
            {
                w.Write($"<row r=\"{repeated}\">");
                for (var i = 0; i < 10_000; i++)
                {
                    w.Write("<c r=\"A2\"><v>1</v></c>");
                }

                w.Write("</row>");
            }
        });

        var error = SingleError(Read(bytes));

        Assert.Contains("有一行的单元格超过 Excel 的上限（16,384 个）", error.Chinese);
    }

    [Fact]
    public void Refuses_a_CDATA_section_longer_than_any_cell_even_when_it_holds_angle_brackets()
    {
        var text = string.Concat(Enumerable.Repeat("<" + HostileWorkbooks.RandomText(99), 4_000));
        var bytes = HostileWorkbooks.Build(sheet: w =>
        {
            HostileWorkbooks.HeaderRow(w, sharedFrom: -1);
            w.Write($"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t><![CDATA[{text}]]></t></is></c></row>");
        });

        var error = SingleError(Read(bytes));

        Assert.Contains("XML标记或文字超过 320 KB", error.Chinese);
    }

    [Fact]
    public void Refuses_a_sheet_reaching_beyond_Excels_last_column_and_reads_one_that_ends_there()
    {
        var error = SingleError(Read(HostileWorkbooks.WideSheet("XFE")));

        Assert.Contains("工作表有 16,385 列", error.Chinese);
        Assert.Single(Accepted(Read(HostileWorkbooks.WideSheet("XFD"))));
    }

    [Fact]
    public void Refuses_more_number_formats_than_a_workbook_can_hold()
    {
        var bytes = HostileWorkbooks.OneFirm(
            styles: w =>
            {
                w.Write("<numFmts>");
                for (var i = 0; i < 1_001; i++)
                {
                    w.Write($"<numFmt numFmtId=\"{200 + i}\" formatCode=\"0.{i}\"/>");
                }

                w.Write("</numFmts>");
            });

        var error = SingleError(Read(bytes));

        Assert.Contains("自定义数字格式超过 1,000 个", error.Chinese);
    }

    [Fact]
    public void Refuses_a_shared_string_whose_runs_together_pass_the_cell_limit()
    {
        // Rich text: a shared string in 40 runs of 10,000 characters, which the reader would join into one.
        var run = HostileWorkbooks.RandomText(10_000);
        var bytes = HostileWorkbooks.OneFirm(
            sharedStrings: w =>
            {
                w.Write("<si>");
                for (var i = 0; i < 40; i++)
                {
                    w.Write($"<r><t>{run}</t></r>");
                }

                w.Write("</si>");
            });

        var error = SingleError(Read(bytes));

        Assert.Contains("有单元格的文字超过 Excel 的上限（32,767 个字符）", error.Chinese);
    }

    [Fact]
    public void Refuses_a_tag_of_megabytes_that_a_reader_would_make_one_string()
    {
        var bytes = HostileWorkbooks.Build(sheet: w =>
        {
            HostileWorkbooks.HeaderRow(w, sharedFrom: -1);
            w.Write($"<row r=\"2\" x=\"{HostileWorkbooks.RandomText(1024 * 1024)}\"/>");
        });

        var error = SingleError(Read(bytes));

        Assert.Contains("XML标记或文字超过 320 KB", error.Chinese);
    }

    [Fact]
    public void Refuses_a_part_in_UTF16_whose_shapes_could_not_be_checked()
    {
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><worksheet xmlns=\"" + HostileWorkbooks.MainNamespace + "\"><sheetData/></worksheet>";
        var bytes = Repack(HostileWorkbooks.Build(sheet: _ => { }), "xl/worksheets/sheet1.xml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(sheet)]);

        var error = SingleError(Read(bytes));

        Assert.Contains("不是 UTF-8 编码", error.Chinese);
    }

    [Fact]
    public void Reads_a_workbook_whose_comments_and_quoted_attributes_hold_angle_brackets()
    {
        var bytes = HostileWorkbooks.Build(sheet: w =>
        {
            w.Write("<!-- a comment with <row> and \"quotes\" -->");
            HostileWorkbooks.HeaderRow(w, sharedFrom: -1);
            w.Write("<row r=\"2\" x14ac:note=\"a > b\" xmlns:x14ac=\"urn:x\">");
            w.Write(HostileWorkbooks.InlineCell("A2", SampleFiling.EnterpriseCode(2)));
            w.Write(HostileWorkbooks.InlineCell("B2", "<甲> & 乙"));
            w.Write(HostileWorkbooks.InlineCell("C2", "东城街道"));
            w.Write(HostileWorkbooks.InlineCell("D2", "是"));
            w.Write("<c r=\"E2\"><v>1</v></c><c r=\"F2\"><v>1</v></c></row>");
        });

        Assert.Equal("<甲> & 乙", Assert.Single(Accepted(Read(bytes))).Name);
    }

    [Theory]
    [InlineData(30_000)] // a directory of about 1.6 MB, which a zip library would make 30,000 objects of
    [InlineData(70_000)] // more than 65,535 entries: the directory is found through the Zip64 end records
    public void Refuses_a_package_listing_more_parts_than_a_workbook_ever_has_before_a_zip_library_lists_them(int parts)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var workbook = zip.CreateEntry("xl/workbook.xml").Open())
            {
                workbook.Write("<workbook/>"u8);
            }

            for (var i = 0; i < parts; i++)
            {
                zip.CreateEntry($"xl/media/{i}", CompressionLevel.NoCompression).Open().Dispose();
            }
        }

        var error = SingleError(Read(stream.ToArray()));

        Assert.Contains("部件目录超过 1 MB", error.Chinese);
    }

    [Fact]
    public void Does_not_trust_a_directory_that_declares_a_part_smaller_than_it_inflates()
    {
        // The sheet's entry in the central directory says 200 bytes; its data inflate to about 2 MB of rows.
        var bytes = HostileWorkbooks.Build(sheet: w =>
        {
            HostileWorkbooks.HeaderRow(w, sharedFrom: -1);
            for (var r = 2; r < 10_000; r++)
            {
                HostileWorkbooks.FirmRow(w, r, "东城街道");
            }
        });
        var lying = DeclareSize(bytes, "xl/worksheets/sheet1.xml", 200);

        var result = Read(lying);

        // What inflates is what is read: the part ends where the directory says, and a cut-off sheet is damaged.
        Assert.Empty(result.Rows);
        Assert.Contains("文件已损坏", Assert.Single(result.Errors).Chinese);
    }

    /// <summary>The same package with one part's content replaced.</summary>
    private static byte[] Repack(byte[] xlsx, string part, byte[] content)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx)))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var to = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName == part)
                {
                    to.Write(content);
                }
                else
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                }
            }
        }

        return output.ToArray();
    }

    /// <summary>The same bytes with the uncompressed size of <paramref name="part"/> in the central directory set to <paramref name="size"/>.</summary>
    private static byte[] DeclareSize(byte[] zip, string part, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(part);
        for (var at = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8); at >= 0;)
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 28));
            if (bytes.AsSpan(at + 46, nameLength).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 24), size);
                return bytes;
            }

            var next = bytes.AsSpan(at + 4).IndexOf("PK\u0001\u0002"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }

        throw new InvalidOperationException($"{part} is not in the central directory");
    }
}
