using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using TwilioTokens.Internal;

namespace TwilioTokens.Rest
{
    /// <summary>
    /// Where the REST calls go. -ApiBaseUri wins; else -Region/-Edge (each missing one from TWILIO_REGION/TWILIO_EDGE)
    /// build the host as Twilio's helper libraries do, <c>api.{edge}.{region}.twilio.com</c>; else TWILIO_API_BASE_URI;
    /// else TWILIO_REGION/TWILIO_EDGE; else <c>https://api.twilio.com</c>.
    /// </summary>
    internal static class TwilioApiEndpoint
    {
        public const string RegionVariable = "TWILIO_REGION";
        public const string EdgeVariable = "TWILIO_EDGE";
        public const string BaseUriVariable = "TWILIO_API_BASE_URI";

        /// <summary>The region Twilio's libraries assume when only an edge is given.</summary>
        public const string DefaultRegion = Regions.Us1;

        /// <summary>Lower-case DNS labels: region ids (us1, ie1) and edge names (dublin, sao-paulo).</summary>
        private static readonly Regex HostLabel = new Regex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);

        public static Uri Resolve(Uri apiBaseUri, string region, string edge)
        {
            if (apiBaseUri != null)
            {
                return Check(apiBaseUri, "-ApiBaseUri");
            }

            if (region == null && edge == null)
            {
                string fromEnvironment = Environment.GetEnvironmentVariable(BaseUriVariable);
                if (!string.IsNullOrWhiteSpace(fromEnvironment))
                {
                    if (!Uri.TryCreate(fromEnvironment.Trim(), UriKind.Absolute, out Uri parsed))
                    {
                        throw Invalid(ErrorIds.InvalidApiBaseUri, fromEnvironment, $"{BaseUriVariable} is not an absolute URI.");
                    }

                    return Check(parsed, BaseUriVariable);
                }
            }

            region = Label(region, RegionVariable, "-Region", ErrorIds.InvalidRegion);
            edge = Label(edge, EdgeVariable, "-Edge", ErrorIds.InvalidEdge);
            if (edge != null && region == null)
            {
                region = DefaultRegion;
            }

            string host = string.Join(".", new[] { "api", edge, region, "twilio", "com" }.Where(part => part != null));
            return new Uri("https://" + host + "/");
        }

        private static string Label(string value, string variable, string parameter, string errorId)
        {
            string source = parameter;
            if (value == null)
            {
                value = Environment.GetEnvironmentVariable(variable);
                source = variable;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            value = value.Trim().ToLowerInvariant();
            if (!HostLabel.IsMatch(value))
            {
                throw Invalid(errorId, value, $"{source} '{value}' is not a region id or edge name (letters, digits and hyphens, such as ie1 or dublin).");
            }

            return value;
        }

        private static Uri Check(Uri uri, string source)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid(ErrorIds.InvalidApiBaseUri, uri, $"{source} must be an absolute http or https URI.");
            }

            if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                // Not echoed: user info may hold a password.
                throw Invalid(ErrorIds.InvalidApiBaseUri, null, $"{source} must be scheme, host, port and path only: no user name, password, query or fragment. Pass credentials with -Credential.");
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                throw Invalid(ErrorIds.InvalidApiBaseUri, uri,
                    $"{source} {uri} is plain http to a host other than this machine: the credentials would cross the network in clear. Use https.");
            }

            return uri;
        }

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress address) && IPAddress.IsLoopback(address));

        private static ErrorRecordException Invalid(string errorId, object target, string message) =>
            new ErrorRecordException(errorId, ErrorCategory.InvalidArgument, target, message);
    }
}
