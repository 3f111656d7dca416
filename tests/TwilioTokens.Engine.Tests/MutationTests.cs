using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>Tokens altered one character at a time: each is either read (and then never Valid) or refused with one of
/// the known errors, and a key that verified other tokens before judges it as a new key does.</summary>
public class MutationTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("fake-secret-do-not-use-0123456789");
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"{}";

    private static IEnumerable<string> Minted()
    {
        using var key = new TokenEngine().CreateSigningKey(Secret);
        var voice = new Dictionary<string, object> { ["incoming"] = new Dictionary<string, object> { ["allow"] = true } };
        var grants = new[] { new KeyValuePair<string, byte[]>("voice", new TokenEngine().WriteClaimValue(voice)) };
        foreach (string identity in new[] { "alice", "bob_2", "carol with spaces" })
        {
            yield return key.SignAccessToken(new AccessTokenClaims
            {
                Id = "SK00000000000000000000000000000001-0123456789abcdef0123456789abcdef", Issuer = "SK00000000000000000000000000000001",
                Subject = "AC00000000000000000000000000000001", IssuedAt = 1795810113L, ExpiresAt = 1795813713L, Identity = identity, Grants = grants,
            });
        }
    }

    private static IEnumerable<string> Mutations(string token, Random random)
    {
        for (int i = 0; i < 300; i++)
        {
            int at = random.Next(token.Length);
            char c = Alphabet[random.Next(Alphabet.Length)];
            switch (random.Next(3))
            {
                case 0: yield return token.Substring(0, at) + c + token.Substring(at + 1); break;
                case 1: yield return token.Remove(at, 1); break;
                default: yield return token.Insert(at, c.ToString()); break;
            }
        }
    }

    private static string Verdict(ISigningKey key, string token)
    {
        try
        {
            DecodedAccessToken decoded = TokenDecoder.Decode(new TokenEngine().Parse(token), key, null, new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc));
            return decoded.SignatureStatus + ":" + string.Join(",", decoded.Problems.Select(p => p.Code));
        }
        catch (TokenFormatException e)
        {
            return "format:" + e.Error;
        }
        catch (TokenClaimException e)
        {
            return "claim:" + e.Claim;
        }
    }

    [Fact]
    public void AlteredTokensAreNeverValidAndFailOnlyWithKnownErrors()
    {
        var random = new Random(20261207);
        using ISigningKey shared = new TokenEngine().CreateSigningKey(Secret);
        int read = 0, refused = 0;
        foreach (string original in Minted())
        {
            Assert.StartsWith("Valid:", Verdict(shared, original));
            foreach (string altered in Mutations(original, random).Where(t => t != original))
            {
                string verdict = Verdict(shared, altered);
                Assert.DoesNotContain("Valid:", verdict.Replace("Invalid:", string.Empty));
                using (ISigningKey alone = new TokenEngine().CreateSigningKey(Secret))
                {
                    Assert.Equal(Verdict(alone, altered), verdict);
                }

                if (verdict.StartsWith("format:") || verdict.StartsWith("claim:")) refused++; else read++;
            }
        }

        // The alterations reach both outcomes: some texts are still readable tokens, most are not.
        Assert.True(read > 50 && refused > 50, $"read {read}, refused {refused}");
    }
}
