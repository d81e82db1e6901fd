using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.City;

namespace Cultivation.Application.Notices;

/// <summary>Who is told of a verdict, and why.</summary>
public enum NoticeAudience
{
    /// <summary>The file's own source.</summary>
    Source,

    /// <summary>The bureau: the blob's name names no source.</summary>
    BureauForBadName,

    /// <summary>The bureau: the file was given up after its last attempt (not the filer's doing).</summary>
    BureauForGaveUp,

    /// <summary>The bureau: a rejection of a source that has no contact, which nobody else would hear of.</summary>
    BureauForSource,
}

/// <summary>The contact a verdict's notice goes to.</summary>
public sealed record NoticeAddressee(FilerContact Contact, NoticeAudience Audience)
{
    /// <summary>The verdicts filers are told of (SPEC §4): a file accepted, rejected, superseded, withdrawn, or given up.</summary>
    private static readonly HashSet<FilingStatus> s_told =
        [FilingStatus.Accepted, FilingStatus.Rejected, FilingStatus.Superseded, FilingStatus.Withdrawn, FilingStatus.Failed];

    /// <summary>
    /// Who hears of <paramref name="verdict"/>: its source's contact; the bureau's for a bad name, a file given up, and a
    /// rejection of a source without a contact; null when nobody is to be told, or nobody can be.
    /// </summary>
    public static NoticeAddressee? Of(FilingVerdict verdict, CityOptions city)
    {
        if (!s_told.Contains(verdict.Status))
        {
            return null;
        }

        var bureau = city.ContactOf(city.Bureau);
        if (verdict.Name is not { } name)
        {
            return bureau is null ? null : new NoticeAddressee(bureau, NoticeAudience.BureauForBadName);
        }

        if (verdict.Status == FilingStatus.Failed)
        {
            return bureau is null ? null : new NoticeAddressee(bureau, NoticeAudience.BureauForGaveUp);
        }

        if (city.ContactOf(name.Source) is { } contact)
        {
            return new NoticeAddressee(contact, NoticeAudience.Source);
        }

        // An acceptance nobody hears of harms no one; a rejection nobody hears of leaves a town's figures out.
        return verdict.Status == FilingStatus.Rejected && bureau is not null ? new NoticeAddressee(bureau, NoticeAudience.BureauForSource) : null;
    }
}

/// <summary>What became of the annotated workbook for an email.</summary>
public enum WorkbookState
{
    /// <summary>The verdict has none to give (accepted, given up, a bad name), or the message is a chat message.</summary>
    None,

    Attached,

    /// <summary>Larger than <see cref="NoticeOptions.MaxAttachmentBytes"/>: linked instead.</summary>
    TooLarge,

    /// <summary>The rejected bytes were overwritten by a newer upload, and only accepted versions are archived.</summary>
    Replaced,
}

/// <param name="Link">The <c>report.xlsx</c> route of the source's file, when the app's address is known.</param>
public sealed record WorkbookNote(WorkbookState State, string? FileName = null, long Bytes = 0, string? Link = null)
{
    public static readonly WorkbookNote NoneAtAll = new(WorkbookState.None);
}

/// <summary>A notice as rendered: the email's subject, text and HTML, and the chat's markdown.</summary>
public sealed record FilerNotice(string Subject, string Text, string Html, string Markdown);
