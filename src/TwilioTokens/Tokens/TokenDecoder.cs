using System;
using System.Collections.Generic;
using System.Globalization;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>Reads a parsed JWT as a Twilio access token and lists what Twilio would reject, with its error numbers.</summary>
    internal static class TokenDecoder
    {
        public const int MaxLifetimeSeconds = 86400;

        // Most tokens have no problem; an empty array has nothing to change, so one serves them all.
        private static readonly TokenProblem[] s_noProblems = new TokenProblem[0];
        private static readonly TwilioGrant[] s_noGrants = new TwilioGrant[0];

        /// <summary>Reads one token of a run as ConvertFrom- and Test-TwilioAccessToken do: skimmed when it has the
        /// header and grants of the tokens before (<see cref="ITokenEngine.Skim"/>), otherwise parsed in full, and then
        /// its grants remembered for the tokens after it.</summary>
        /// <param name="repeated">What the run's tokens share; one per cmdlet run.</param>
        /// <param name="how">How the engine read it (tests count the skimmed tokens).</param>
        /// <exception cref="TokenFormatException">Not a compact JWS with JSON object parts.</exception>
        /// <exception cref="TokenClaimException">A registered claim has a type no JWT reader accepts.</exception>
        public static DecodedAccessToken Read(ITokenEngine engine, string token, RepeatedValues repeated, ISigningKey key,
            string expectedApiKeySid, DateTime nowUtc, out SkimStatus how)
        {
            how = engine.Skim(token, repeated, key != null, out SkimmedToken skimmed);
            if (how == SkimStatus.Read)
            {
                return Decode(token, skimmed, repeated.KnownGrants, key, expectedApiKeySid, nowUtc);
            }

            ParsedJwt parsed = engine.Parse(token, repeated);
            return Decode(parsed, key, expectedApiKeySid, nowUtc, repeated, how == SkimStatus.GrantsUnknown ? skimmed.GrantsTail : null);
        }

        /// <param name="key">The secret to check the signature with, or null to leave it unchecked.</param>
        /// <param name="expectedApiKeySid">The key SID that goes with <paramref name="key"/>, when known.</param>
        /// <param name="grantsTail">The bytes of the token's grants after its identity (<see cref="SkimmedToken.GrantsTail"/>),
        /// to remember in <paramref name="repeated"/> with what is made of them here; or null.</param>
        /// <exception cref="TokenClaimException">A registered claim has a type no JWT reader accepts.</exception>
        public static DecodedAccessToken Decode(ParsedJwt jwt, ISigningKey key, string expectedApiKeySid, DateTime nowUtc,
            RepeatedValues repeated = null, byte[] grantsTail = null)
        {
            var problems = new List<TokenProblem>();
            JsonObject claims = jwt.PayloadFields;
            long now = new DateTimeOffset(nowUtc).ToUnixTimeSeconds();

            string region = CheckHeader(jwt.HeaderFields, problems);
            string apiKeySid = OptionalString(claims, "iss", "payload");
            string accountSid = OptionalString(claims, "sub", "payload");
            string id = OptionalString(claims, "jti", "payload");
            long? issuedAt = OptionalTime(claims, "iat");
            long? notBefore = OptionalTime(claims, "nbf");
            long? expiresAt = OptionalTime(claims, "exp");
            CheckIssuerAndSubject(apiKeySid, accountSid, expectedApiKeySid, problems);
            CheckTimes(issuedAt, notBefore, expiresAt, now, problems);
            int grantProblemsFrom = problems.Count;
            TokenContent content = ReadContent(claims, id, problems);
            if (grantsTail != null && repeated != null && content.Identity != null &&
                claims["grants"] is JsonObject grants && grants.Count > 0 && grants.NameAt(0) == GrantReader.IdentityKey)
            {
                // The skimmer read this identity first in grants, and the tail holds no other: the grants and their
                // problems are those of every token whose grants continue with the same bytes.
                repeated.RememberGrants(grantsTail, new KnownGrants(content.Grants,
                    problems.GetRange(grantProblemsFrom, problems.Count - grantProblemsFrom).ToArray()));
            }

            return Conclude(jwt.Token, jwt.HeaderFields, content.Identity, content.Grants, region, apiKeySid, accountSid,
                issuedAt, notBefore, expiresAt, now, problems, key, jwt.SigningInputLength, jwt.Signature);
        }

        /// <summary>As <see cref="Decode(ParsedJwt, ISigningKey, string, DateTime, RepeatedValues, byte[])"/>, for a token
        /// the engine skimmed (<see cref="SkimStatus.Read"/>) with <paramref name="grants"/> remembered: the same checks in
        /// the same order, the grants' own problems as they were found for the token they were remembered from.</summary>
        /// <exception cref="TokenClaimException">The run's header has a region that is not a string.</exception>
        public static DecodedAccessToken Decode(string token, in SkimmedToken skimmed, KnownGrants grants, ISigningKey key,
            string expectedApiKeySid, DateTime nowUtc)
        {
            var problems = new List<TokenProblem>();
            long now = new DateTimeOffset(nowUtc).ToUnixTimeSeconds();

            string region = CheckHeader(skimmed.Header, problems);
            CheckIssuerAndSubject(skimmed.ApiKeySid, skimmed.AccountSid, expectedApiKeySid, problems);
            CheckTimes(skimmed.IssuedAt, skimmed.NotBefore, skimmed.ExpiresAt, now, problems);
            problems.AddRange(grants.Problems);
            return Conclude(token, skimmed.Header, skimmed.Identity, grants.Grants, region, skimmed.ApiKeySid, skimmed.AccountSid,
                skimmed.IssuedAt, skimmed.NotBefore, skimmed.ExpiresAt, now, problems, key, skimmed.SigningInputLength,
                skimmed.Signature);
        }

        /// <summary>What both ways of reading end with: the identity against the grants, the token, its signature.</summary>
        private static DecodedAccessToken Conclude(string token, JsonObject header, string identity, TwilioGrant[] grants,
            string region, string apiKeySid, string accountSid, long? issuedAt, long? notBefore, long? expiresAt, long now,
            List<TokenProblem> problems, ISigningKey key, int signingInputLength, byte[] signature)
        {
            CheckIdentityAgainstGrants(identity, grants, problems);
            var decoded = new DecodedAccessToken(token, identity, region, apiKeySid, accountSid, issuedAt, notBefore,
                expiresAt, now);
            decoded.SignatureStatus = CheckSignature(header, token, signingInputLength, signature, key, problems);
            decoded.Problems = problems.Count == 0 ? s_noProblems : problems.ToArray();
            return decoded;
        }

        /// <summary>The grants and id (and identity) of a token decoded before, read again from its text.</summary>
        /// <remarks>The text was decoded without error, and it is read the same way now, so this does not fail; the
        /// problems it finds were reported when it was decoded.</remarks>
        public static TokenContent ReadContent(string token)
        {
            JsonObject claims = EngineHost.Engine.ParsePayload(token);
            return ReadContent(claims, claims["jti"] as string, new List<TokenProblem>());
        }

        /// <summary>The header's typ, alg and cty; returns its region (twr).</summary>
        private static string CheckHeader(JsonObject header, List<TokenProblem> problems)
        {
            CheckHeader(header, "typ", "JWT", problems);
            CheckHeader(header, "alg", "HS256", problems);
            CheckHeader(header, "cty", TokenMinter.ContentType, problems);
            return OptionalString(header, "twr", "header");
        }

        private static void CheckHeader(JsonObject header, string name, string expected, List<TokenProblem> problems)
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

        private static TokenContent ReadContent(JsonObject claims, string id, List<TokenProblem> problems)
        {
            string identity = null;
            TwilioGrant[] grants = s_noGrants;
            object value = claims["grants"];
            if (value is JsonObject map)
            {
                // Sized once: a list and its copy were two more objects per token for the garbage collector.
                int grantCount = 0;
                for (int i = 0; i < map.Count; i++)
                {
                    if (map.NameAt(i) != GrantReader.IdentityKey) grantCount++;
                }

                grants = grantCount == 0 ? s_noGrants : new TwilioGrant[grantCount];
                grantCount = 0;
                for (int i = 0; i < map.Count; i++)
                {
                    string key = map.NameAt(i);
                    object grant = map.ValueAt(i);
                    if (key == GrantReader.IdentityKey)
                    {
                        if (grant is string text) identity = text;
                        else problems.Add(new TokenProblem(TwilioErrorCode.InvalidGrants,
                            $"grants.identity should be a string but is {GrantFields.JsonKind(grant)}.", "Mint the token again with -Identity."));
                        continue;
                    }

                    grants[grantCount++] = GrantReader.Read(key, grant, problems);
                }
            }
            else
            {
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidGrants,
                    value == null ? "The token has no 'grants' claim." : $"'grants' should be an object but is {GrantFields.JsonKind(value)}.",
                    "Every access token carries a grants object; mint it again with New-TwilioAccessToken."));
            }

            return new TokenContent(identity, grants, id);
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

        private static SignatureStatus CheckSignature(JsonObject header, string token, int signingInputLength, byte[] signature,
            ISigningKey key, List<TokenProblem> problems)
        {
            if (key == null)
            {
                return SignatureStatus.NotChecked;
            }

            // Only HS256 can be Valid, whatever the header claims: 'none' or another algorithm never passes.
            bool valid = header["alg"] as string == "HS256" && key.VerifySignature(token, signingInputLength, signature);
            if (!valid)
            {
                problems.Add(new TokenProblem(TwilioErrorCode.InvalidSignature,
                    "The signature does not verify with the secret given.",
                    "The token was signed with another key's secret, or altered after signing. Check which key 'iss' names."));
            }

            return valid ? SignatureStatus.Valid : SignatureStatus.Invalid;
        }

        private static string OptionalString(JsonObject values, string name, string part)
        {
            object value = values[name];
            if (value == null || value is string) return (string)value;
            throw new TokenClaimException(name, $"The token's {part} field '{name}' should be a string but is {GrantFields.JsonKind(value)}.");
        }

        private static long? OptionalTime(JsonObject claims, string name)
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
