using System.Globalization;
using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>
/// <c>&lt;downloadSchemaResponse url result/&gt;</c> (XEP-0322 §2.2.5), with the failure's kind and its text (the
/// message, or the content type returned); <see cref="HttpCode"/> for <c>httpError</c>.
/// </summary>
public sealed record ExiDownloadSchemaResponse(string Url, bool Result, ExiDownloadError Error = ExiDownloadError.None,
    string? Message = null, int? HttpCode = null)
{
    public XElement ToXml()
    {
        var element = new XElement(ExiNamespaces.Exi + "downloadSchemaResponse", new XAttribute("url", Url),
            new XAttribute("result", Result ? "true" : "false"));
        switch (Error)
        {
            case ExiDownloadError.HttpError:
                element.Add(new XElement(ExiNamespaces.Exi + "httpError",
                    new XAttribute("code", (HttpCode ?? 500).ToString(CultureInfo.InvariantCulture)), new XAttribute("message", Message ?? string.Empty)));
                break;
            case ExiDownloadError.InvalidContentType:
                element.Add(new XElement(ExiNamespaces.Exi + "invalidContentType", new XAttribute("contentTypeReturned", Message ?? string.Empty)));
                break;
            case ExiDownloadError.InvalidUrl or ExiDownloadError.Timeout or ExiDownloadError.Error:
                element.Add(new XElement(ExiNamespaces.Exi + ErrorName(Error), new XAttribute("message", Message ?? string.Empty)));
                break;
            default:
                break;
        }

        return element;
    }

    public static ExiDownloadSchemaResponse Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        ExiXml.Expect(element, "downloadSchemaResponse");
        var url = ExiXml.BoundedAttribute(element, "url") ?? string.Empty;
        var result = (string?)element.Attribute("result") is "true" or "1";
        var failure = element.Elements().FirstOrDefault(e => e.Name.Namespace == ExiNamespaces.Exi);
        if (failure is null)
        {
            return new ExiDownloadSchemaResponse(url, result);
        }

        var error = failure.Name.LocalName switch
        {
            "httpError" => ExiDownloadError.HttpError,
            "invalidUrl" => ExiDownloadError.InvalidUrl,
            "timeout" => ExiDownloadError.Timeout,
            "invalidContentType" => ExiDownloadError.InvalidContentType,
            _ => ExiDownloadError.Error,
        };
        var message = ExiXml.BoundedAttribute(failure, error == ExiDownloadError.InvalidContentType ? "contentTypeReturned" : "message");
        int? code = int.TryParse((string?)failure.Attribute("code"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        return new ExiDownloadSchemaResponse(url, result, error, message, code);
    }

    private static string ErrorName(ExiDownloadError error) => error switch
    {
        ExiDownloadError.InvalidUrl => "invalidUrl",
        ExiDownloadError.Timeout => "timeout",
        _ => "error",
    };
}
