using System.Xml.Linq;

namespace Edge.Iot.Control.Internal;

/// <summary>The XEP-0325 §5.6 token attributes (serviceToken, deviceToken, userToken) of set and getForm.</summary>
internal static class Tokens
{
    public static void Write(XElement element, string? serviceToken, string? deviceToken, string? userToken)
    {
        if (serviceToken is not null)
        {
            element.SetAttributeValue("serviceToken", serviceToken);
        }

        if (deviceToken is not null)
        {
            element.SetAttributeValue("deviceToken", deviceToken);
        }

        if (userToken is not null)
        {
            element.SetAttributeValue("userToken", userToken);
        }
    }
}
