using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>
    /// Turns a failed answer into a <see cref="TwilioApiException"/> with Twilio's code, message and more_info, read
    /// from the classic error JSON (<c>{code, message, more_info, status}</c>) or from RFC 9457 problem JSON
    /// (<c>{type, title, status, detail, code}</c>). A body that is neither still gives the status. Server text is data:
    /// control characters are escaped (<see cref="Printable"/>) and more_info is kept only as an https link on twilio.com.
    /// </summary>
    internal static class TwilioErrorReader
    {
        public static TwilioApiException FromResponse(string method, Uri uri, RestResponse response, string whyFinal)
        {
            ReadBody(response.Body, out int? code, out string twilioMessage, out string moreInfo);
            var text = new StringBuilder();
            text.Append($"{method} {uri} failed: {response.StatusCode} {response.ReasonPhrase}");
            if (twilioMessage != null)
            {
                text.Append($": {twilioMessage.TrimEnd('.')}");
            }

            text.Append('.');
            if (code.HasValue)
            {
                text.Append($" Twilio error {code}" + (moreInfo != null ? $", see {moreInfo}." : "."));
            }
            else if (moreInfo != null)
            {
                text.Append($" See {moreInfo}.");
            }

            if (whyFinal != null)
            {
                text.Append(' ').Append(whyFinal);
            }

            return new TwilioApiException(TwilioApiFailure.HttpError, text.ToString(), method, uri, response.Attempt,
                response.StatusCode, code, twilioMessage, moreInfo, response.RequestId, response.RetryAfter);
        }

        public static TwilioApiException InvalidResponse(string method, Uri uri, RestResponse response, string what, Exception inner = null, string advice = null) =>
            new TwilioApiException(TwilioApiFailure.InvalidResponse,
                $"{method} {uri} answered {response.StatusCode} {response.ReasonPhrase}, but {what}. Is -ApiBaseUri really Twilio's REST API?" +
                (advice != null ? " " + advice : string.Empty),
                method, uri, response.Attempt, response.StatusCode, requestId: response.RequestId, innerException: inner);

        /// <summary>Text from the server, safe to show: control and format characters (ESC, CR, LF, BEL, bidirectional
        /// overrides...) become <c>\uXXXX</c>, so that they cannot rewrite a terminal or forge lines of a log.</summary>
        public static string Printable(string text) =>
            text == null ? null : Unprintable.Replace(text, m => "\\u" + ((int)m.Value[0]).ToString("x4", CultureInfo.InvariantCulture));

        private static readonly Regex Unprintable = new Regex(@"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]", RegexOptions.CultureInvariant);

        /// <summary>more_info as a link only when it is one to Twilio: https on twilio.com or a subdomain, without user info.</summary>
        private static string TwilioLink(string text) =>
            Uri.TryCreate(text, UriKind.Absolute, out Uri link) && link.Scheme == Uri.UriSchemeHttps && link.UserInfo.Length == 0 &&
            (link.Host == "twilio.com" || link.Host.EndsWith(".twilio.com", StringComparison.Ordinal))
                ? link.AbsoluteUri
                : null;

        private static void ReadBody(byte[] body, out int? code, out string message, out string moreInfo)
        {
            code = null;
            message = null;
            moreInfo = null;
            if (body == null || body.Length == 0)
            {
                return;
            }

            try
            {
                using (JsonDocument document = JsonDocument.Parse(body))
                {
                    JsonElement root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        return;
                    }

                    code = Integer(root, "code");
                    message = Printable(Text(root, "message") ?? Text(root, "detail") ?? Text(root, "title"));
                    moreInfo = TwilioLink(Text(root, "more_info") ?? ProblemType(root));
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, say): the status line has to do.
            }
        }

        /// <summary>Problem JSON's <c>type</c> is a link to documentation unless it is the "no further information" default.</summary>
        private static string ProblemType(JsonElement root)
        {
            string type = Text(root, "type");
            return type == null || type == "about:blank" ? null : type;
        }

        private static string Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString().Length > 0
                ? value.GetString()
                : null;

        /// <summary>Twilio sends <c>code</c> as a number; some proxies and problem documents send it as a string.</summary>
        private static int? Integer(JsonElement root, string name)
        {
            if (!root.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number))
            {
                return number;
            }

            return value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), out number) ? number : (int?)null;
        }
    }
}
