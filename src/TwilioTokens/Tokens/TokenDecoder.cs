using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>Reads a parsed JWT as a Twilio access token and lists what Twilio would reject, with its error numbers.</summary>
    internal static class TokenDecoder
    {
        public const int MaxLifetimeSeconds = 86400;

        /// <param name="key">The secret to check the signature with, or null to leave it unchecked.</param>
        /// <param name="expectedApiKeySid">The key SID that goes with <paramref name="key"/>, when known.</param>
        /// <exception cref="TokenClaimException">A registered claim has a type no JWT reader accepts.</exception>
        public static DecodedAccessToken Decode(ParsedJwt jwt, ISigningKey key, string expectedApiKeySid, DateTime nowUtc)
        {
            var problems = new List<TokenProblem>();
            OrderedDictionary claims = jwt.Payload;
            long now = UnixTime.ToSeconds(nowUtc);

            string region = CheckHeader(jwt.Header, problems);
            string apiKeySid = OptionalString(claims, "iss", "payload");
            string accountSid = OptionalString(claims, "sub", "payload");
            string id = OptionalString(claims, "jti", "payload");
            long? issuedAt = OptionalTime(claims, "iat");
            long? notBefore = OptionalTime(claims, "nbf");
            long? expiresAt = OptionalTime(claims, "exp");
            CheckIssuerAndSubject(apiKeySid, accountSid, expectedApiKeySid, problems);
            CheckTimes(issuedAt, notBefore, expiresAt, now, problems);
            TwilioGrant[] grants = DecodedFor(ReadGrants(claims, problems, out string identity), identity);
            CheckIdentityAgainstGrants(identity, grants, problems);
            SignatureStatus signature = CheckSignature(jwt, key, problems);
            return new DecodedAccessToken(jwt.Header, claims, identity, region, apiKeySid, accountSid, id, grants,
                issuedAt, notBefore, expiresAt, now, signature, problems.ToArray());
        }

        /// <summary>The header's typ, alg and cty; returns its region (twr).</summary>
        private static string CheckHeader(OrderedDictionary header, List<TokenProblem> problems)
        {
            CheckHeader(header, "typ", "JWT", problems);
            CheckHeader(header, "alg", "HS256", problems);
            CheckHeader(header, "cty", AccessTokenClaims.ContentType, problems);
            if (header.Contains("crit"))
            {
                // RFC 7515 4.1.11: a recipient that does not implement every extension crit names must reject the token.
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidHeader,
                    "The header has 'crit': it requires extensions that neither Twilio nor this module implement.",
                    "Mint the token without 'crit', with New-TwilioAccessToken or a Twilio helper library."));
            }

            return OptionalString(header, "twr", "header");
        }

        private static void CheckHeader(OrderedDictionary header, string name, string expected, List<TokenProblem> problems)
        {
            object actual = header[name]; // null when missing: one lookup, not two
            if (!(actual is string text) || text != expected)
            {
                string found = actual == null ? "missing" : actual is string s ? $"\"{s}\"" : GrantFields.JsonKind(actual);
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidHeader,
                    $"Header '{name}' must be \"{expected}\" but is {found}.",
                    "Twilio accepts only HS256 JWTs with cty twilio-fpa;v=1; mint the token with New-TwilioAccessToken or a Twilio helper library."));
            }
        }

        private static void CheckIssuerAndSubject(string apiKeySid, string accountSid, string expectedApiKeySid, List<TokenProblem> problems)
        {
            if (!Sid.IsValid(apiKeySid, Sid.ApiKey))
            {
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidIssuerOrSubject,
                    apiKeySid == null ? "The token has no 'iss' (API key SID)." : $"'iss' is {Sid.Describe(apiKeySid)}, not an API key SID (SK…).",
                    "Sign with an API key: its SID (SK…) is the issuer. Account SIDs and Auth Tokens cannot sign access tokens."));
            }
            else if (expectedApiKeySid != null && !string.Equals(expectedApiKeySid, apiKeySid, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidIssuerOrSubject,
                    $"The token was issued by API key {apiKeySid}, but the credential given is for {expectedApiKeySid}.",
                    "Check the token with the secret of the key that signed it, or mint it again with this key."));
            }

            if (!Sid.IsValid(accountSid, Sid.Account))
            {
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidIssuerOrSubject,
                    accountSid == null ? "The token has no 'sub' (Account SID)." : $"'sub' is {Sid.Describe(accountSid)}, not an Account SID (AC…).",
                    "The subject must be the SID of the account (or subaccount) that owns the signing key."));
            }
        }

        private static void CheckTimes(long? issuedAt, long? notBefore, long? expiresAt, long now, List<TokenProblem> problems)
        {
            if (!expiresAt.HasValue)
            {
                problems.Add(new TokenProblem(TwilioErrorCode.Expired, "The token has no 'exp' (expiry).",
                    "Every access token needs an expiry; mint it again with -Ttl."));
            }
            else
            {
                if (expiresAt.Value <= now) // as DecodedAccessToken.IsExpired
                {
                    problems.Add(new TokenProblem(TwilioErrorCode.Expired,
                        $"The token expired {Describe(now - expiresAt.Value)} ago.",
                        "Mint a new token; clients should fetch a fresh one before 'exp' (the SDKs raise tokenWillExpire)."));
                }

                long lifetime = expiresAt.Value - (issuedAt ?? now);
                if (lifetime > MaxLifetimeSeconds)
                {
                    problems.Add(new TokenProblem(TwilioErrorCode.ExpiryExceedsMaximum,
                        $"The token is valid for {Describe(lifetime)}; Twilio allows at most 24 hours.",
                        "Mint it with -Ttl 86400 or less."));
                }
            }

            if (notBefore.HasValue && notBefore.Value > now)
            {
                problems.Add(new TokenProblem(TwilioErrorCode.NotYetValid,
                    $"The token is not valid for another {Describe(notBefore.Value - now)} ('nbf' is in the future).",
                    "Leave out -NotBefore, or check the clock of the machine that minted it (clock skew)."));
            }
        }

        /// <summary>The typed grants of <c>grants</c>, in order, and its identity; what is wrong with them goes to
        /// <paramref name="problems"/>.</summary>
        internal static TwilioGrant[] ReadGrants(OrderedDictionary claims, List<TokenProblem> problems, out string identity)
        {
            identity = null;
            object value = claims["grants"];
            if (!(value is OrderedDictionary map))
            {
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidGrants,
                    value == null ? "The token has no 'grants' claim." : $"'grants' should be an object but is {GrantFields.JsonKind(value)}.",
                    "Every access token carries a grants object; mint it again with New-TwilioAccessToken."));
                return new TwilioGrant[0];
            }

            var grants = new List<TwilioGrant>(map.Count);
            foreach (DictionaryEntry entry in map)
            {
                string key = (string)entry.Key;
                if (key != GrantReader.IdentityKey)
                {
                    grants.Add(GrantReader.Read(key, entry.Value, problems));
                }
                else if (entry.Value is string text)
                {
                    identity = text;
                }
                else
                {
                    problems.Add(new TokenProblem(TwilioErrorCode.InvalidGrants,
                        $"grants.identity should be a string but is {GrantFields.JsonKind(entry.Value)}.", "Mint the token again with -Identity."));
                }
            }

            return grants.ToArray();
        }

        /// <summary>Marks decoded grants with the identity of their token, so re-minting them for another can warn.</summary>
        internal static TwilioGrant[] DecodedFor(TwilioGrant[] grants, string identity)
        {
            foreach (TwilioGrant grant in grants) grant.DecodedIdentity = identity;
            return grants;
        }

        private static void CheckIdentityAgainstGrants(string identity, TwilioGrant[] grants, List<TokenProblem> problems)
        {
            if (identity == null)
            {
                return;
            }

            foreach (TwilioGrant grant in grants)
            {
                string problem = grant.CheckIdentity(identity);
                if (problem != null)
                {
                    problems.Add(new TokenProblem(TwilioErrorCode.InvalidGrants, problem,
                        "Mint the token again with an identity the product accepts."));
                }
            }
        }

        private static SignatureStatus CheckSignature(ParsedJwt jwt, ISigningKey key, List<TokenProblem> problems)
        {
            if (key == null)
            {
                return SignatureStatus.NotChecked;
            }

            if (jwt.Header.Contains("crit"))
            {
                return SignatureStatus.Invalid; // the header's problem says why
            }

            // Only HS256 can be Valid, whatever the header claims: 'none' or another algorithm never passes.
            bool valid = jwt.Header["alg"] as string == "HS256" && key.VerifySignature(jwt);
            if (!valid)
            {
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidSignature,
                    "The signature does not verify with the secret given.",
                    "The token was signed with another key's secret, or altered after signing. Check which key 'iss' names."));
            }

            return valid ? SignatureStatus.Valid : SignatureStatus.Invalid;
        }

        private static string OptionalString(OrderedDictionary values, string name, string part)
        {
            object value = values[name];
            if (value == null || value is string) return (string)value;
            throw new TokenClaimException(name, $"The token's {part} field '{name}' should be a string but is {GrantFields.JsonKind(value)}.");
        }

        private static long? OptionalTime(OrderedDictionary claims, string name)
        {
            object value = claims[name];
            long seconds;
            switch (value)
            {
                case null:
                    return null;
                case long whole:
                    seconds = whole;
                    break;
                case double fraction when !double.IsNaN(fraction) && !double.IsInfinity(fraction) && Math.Abs(fraction) < 1e15:
                    seconds = (long)Math.Floor(fraction);
                    break;
                default:
                    throw new TokenClaimException(name, $"The token's '{name}' should be a number of seconds but is {GrantFields.JsonKind(value)}.");
            }

            if (seconds < 0 || seconds > 253402300799)
            {
                throw new TokenClaimException(name, $"The token's '{name}' ({seconds.ToString(CultureInfo.InvariantCulture)}) is not a time between 1970 and 9999.");
            }

            return seconds;
        }

        private static string Describe(long seconds) => LifetimeText.Format(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>A registered claim whose JSON type makes the token unreadable.</summary>
    internal sealed class TokenClaimException : Exception
    {
        public TokenClaimException(string claim, string message) : base(message)
        {
            Claim = claim;
        }

        public string Claim { get; }
    }
}
