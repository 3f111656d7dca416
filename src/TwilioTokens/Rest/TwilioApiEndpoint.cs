using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using TwilioTokens.Internal;

namespace TwilioTokens.Rest
{
    /// <summary>
    /// Where the REST calls go. -ApiBaseUri wins, for every product (api and iam alike); else -Region/-Edge (each
    /// missing one from TWILIO_REGION/TWILIO_EDGE, each one of Twilio's) build the host as Twilio's helper libraries
    /// do, <c>{product}.{edge}.{region}.twilio.com</c>; else TWILIO_API_BASE_URI; else TWILIO_REGION/TWILIO_EDGE; else
    /// <c>https://{product}.twilio.com</c>.
    /// </summary>
    internal static class TwilioApiEndpoint
    {
        public const string RegionVariable = "TWILIO_REGION";
        public const string EdgeVariable = "TWILIO_EDGE";
        public const string BaseUriVariable = "TWILIO_API_BASE_URI";

        /// <summary>The region Twilio's libraries assume when only an edge is given.</summary>
        public const string DefaultRegion = Regions.Us1;

        /// <summary>A resolved base URI as the prefix of a resource's path: its origin and path, no trailing '/'. A path
        /// in the base (a proxy's, a private endpoint's) is kept.</summary>
        public static string Prefix(Uri baseUri) => baseUri.GetLeftPart(UriPartial.Authority) + baseUri.AbsolutePath.TrimEnd('/');

        /// <summary>The 2010-04-01 API's Keys list of the account, or the key when <paramref name="keySid"/> is given.</summary>
        public static string V2010KeysPath(string accountSid, string keySid = null) =>
            $"/2010-04-01/Accounts/{accountSid}/Keys" + (keySid != null ? "/" + keySid : string.Empty) + ".json";

        /// <summary>IAM v1's Keys list, or the key when <paramref name="keySid"/> is given.</summary>
        public static string IamKeysPath(string keySid = null) => "/v1/Keys" + (keySid != null ? "/" + keySid : string.Empty);

        /// <param name="product">The host's first label: <c>api</c> (2010-04-01) or <c>iam</c> (IAM v1).</param>
        public static Uri Resolve(Uri apiBaseUri, string region, string edge, string product = "api")
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

            region = Label(region, RegionVariable, "-Region", ErrorIds.InvalidRegion, Regions.Ids);
            edge = Label(edge, EdgeVariable, "-Edge", ErrorIds.InvalidEdge, Regions.Edges);
            if (edge != null && region == null)
            {
                region = DefaultRegion;
            }

            string host = string.Join(".", new[] { product, edge, region, "twilio", "com" }.Where(part => part != null));
            return new Uri("https://" + host + "/");
        }

        private static string Label(string value, string variable, string parameter, string errorId, string[] known)
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
            if (Array.IndexOf(known, value) < 0)
            {
                throw Invalid(errorId, value, $"{source} '{value}' is not one of Twilio's {(known == Regions.Ids ? "regions" : "edges")}: {string.Join(", ", known)}.");
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
