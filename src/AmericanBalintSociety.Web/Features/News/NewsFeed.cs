using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>The RSS 2.0 feed of the latest articles (System.ServiceModel.Syndication writes it).</summary>
public sealed class NewsFeed(NewsService news, Organization organization, SiteUrls urls)
{
    public async Task<byte[]> RssAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var articles = await news.FeedAsync(cancellationToken);
        var feed = new SyndicationFeed(
            $"{organization.Name}: News", organization.About, urls.Absolute(request, "/news"))
        {
            Language = "en-us",
            LastUpdatedTime = articles.Count > 0 ? articles.Max(a => a.UpdatedAt) : DateTimeOffset.UnixEpoch,
            Items = articles.Select(a =>
            {
                var link = urls.Absolute(request, $"/news/{a.Slug}");
                var item = new SyndicationItem(a.Title, a.Summary, link, link.ToString(), a.UpdatedAt)
                {
                    PublishDate = a.PublishedAt,
                };
                return item;
            }).ToList(),
        };
        feed.Links.Add(new SyndicationLink(urls.Absolute(request, "/news/feed.xml"), "self", null, "application/rss+xml", 0));

        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true };
        await using (var writer = XmlWriter.Create(stream, settings))
        {
            new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true).WriteTo(writer);
            await writer.FlushAsync();
        }

        return stream.ToArray();
    }
}
