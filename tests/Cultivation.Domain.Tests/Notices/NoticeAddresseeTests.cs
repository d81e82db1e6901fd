using Cultivation.Application.Notices;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;

namespace Cultivation.Domain.Tests.Notices;

public sealed class NoticeAddresseeTests
{
    private static readonly FilerContact s_town = new() { Source = "象珠镇", Email = "xz@town.example" };
    private static readonly FilerContact s_bureau = new() { Source = "经信局", Email = "jxj@bureau.example" };

    [Fact]
    public void A_source_with_a_contact_hears_of_its_acceptance_and_its_rejection()
    {
        var city = City(s_town, s_bureau);

        Assert.Equal(new NoticeAddressee(s_town, NoticeAudience.Source), NoticeAddressee.Of(Verdicts.Accepted("2022/Q2/象珠镇.xlsx", 3), city));
        Assert.Equal(new NoticeAddressee(s_town, NoticeAudience.Source), NoticeAddressee.Of(Rejected("2022/Q2/象珠镇.xlsx"), city));
    }

    [Fact]
    public void A_source_with_a_contact_hears_that_its_file_was_superseded_or_withdrawn()
    {
        var city = City(s_town, s_bureau);

        Assert.Equal(new NoticeAddressee(s_town, NoticeAudience.Source),
            NoticeAddressee.Of(Verdicts.Superseded("2022/Q2/象珠镇.xlsx", "2022/Q2/象珠镇.xls"), city));
        Assert.Equal(new NoticeAddressee(s_town, NoticeAudience.Source), NoticeAddressee.Of(Verdicts.Withdrawn("2022/Q2/象珠镇.xlsx"), city));
    }

    [Fact]
    public void Bad_names_and_files_given_up_go_to_the_bureau_even_when_the_source_has_a_contact()
    {
        var city = City(s_town, s_bureau);

        Assert.Equal(new NoticeAddressee(s_bureau, NoticeAudience.BureauForBadName), NoticeAddressee.Of(Rejected("2022/象珠镇.xlsx"), city));
        Assert.Equal(new NoticeAddressee(s_bureau, NoticeAudience.BureauForGaveUp), NoticeAddressee.Of(Verdicts.Failed("2022/Q2/象珠镇.xlsx"), city));
    }

    [Fact]
    public void A_rejection_of_a_source_without_a_contact_goes_to_the_bureau_but_its_acceptance_to_nobody()
    {
        var city = City(s_town, s_bureau);

        Assert.Equal(new NoticeAddressee(s_bureau, NoticeAudience.BureauForSource), NoticeAddressee.Of(Rejected("2022/Q2/东城街道.xlsx"), city));
        Assert.Null(NoticeAddressee.Of(Verdicts.Accepted("2022/Q2/东城街道.xlsx", 3), city));
    }

    [Fact]
    public void Nobody_is_told_when_nobody_can_be()
    {
        var city = City(s_town, new FilerContact { Source = "经信局", Email = " ", Webhook = "" });

        Assert.Null(NoticeAddressee.Of(Rejected("2022/象珠镇.xlsx"), city));
        Assert.Null(NoticeAddressee.Of(Rejected("2022/Q2/东城街道.xlsx"), new CityOptions()));
    }

    [Fact]
    public void A_contact_may_have_several_addresses_or_only_a_robot()
    {
        var both = new FilerContact { Source = "象珠镇", Email = "a@town.example; b@town.example,a@town.example" };
        var robot = new FilerContact { Source = "象珠镇", Webhook = "https://oapi.dingtalk.com/robot/send?access_token=t" };

        Assert.Equal(["a@town.example", "b@town.example"], both.Emails());
        Assert.True(robot.IsReachable);
        Assert.Empty(robot.Emails());
    }

    private static Application.Ingestion.FilingVerdict Rejected(string blob) =>
        Verdicts.Rejected(blob, [FilingError.ForFile(new Problem("有误", "wrong"))]);

    private static CityOptions City(params FilerContact[] contacts) => new() { Contacts = [.. contacts] };
}
