using System;
using System.Collections.Generic;
using System.Management.Automation;
using TwilioTokens.Internal;
using TwilioTokens.Rest;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// Get-TwilioApiKey: one key by SID, or every key of the account, page after page (following Twilio's
    /// <c>next_page_uri</c>), each written as soon as its page arrives so that Select-Object -First stops the paging.
    /// A listing that leads back to a page already read, or runs past <see cref="MaxPages"/>, ends with an error; a key
    /// is never written twice.
    /// One parameter set on purpose: with a separate "by SID" set, PowerShell binds piped objects to the default
    /// (list) set first, so a decoded token piped in would list every key instead of fetching the one that signed it.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TwilioApiKey")]
    [OutputType(typeof(ApiKey))]
    public sealed class GetTwilioApiKeyCommand : TwilioApiCommandBase
    {
        private const int ProgressActivityId = 5;

        /// <summary>50,000 keys at the default page size: more than any account has, fewer than a runaway listing makes.</summary>
        private const int MaxPages = 1000;

        /// <summary>Fetch this key instead of listing; binds SID strings piped in and the Sid/ApiKeySid property of
        /// keys and decoded tokens.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApiKeySid")]
        public string Sid { get; set; }

        /// <summary>Twilio cannot filter by name: the whole list is read and the names matched here. Named only, so that
        /// a lone positional argument is always a SID.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string FriendlyName { get; set; }

        [Parameter]
        [ValidateRange(1, 1000)]
        public int PageSize { get; set; } = 50;

        protected override void ProcessRecord()
        {
            string accountSid;
            string keySid = null;
            try
            {
                accountSid = ResolveAccountSid();
                if (Sid != null)
                {
                    keySid = ApiKeySids.Check(Sid);
                }
            }
            catch (ErrorRecordException e)
            {
                WriteError(e.ErrorRecord);
                return;
            }

            if (keySid != null)
            {
                Fetch(accountSid, keySid);
            }
            else
            {
                List(accountSid);
            }
        }

        private void Fetch(string accountSid, string keySid)
        {
            try
            {
                ApiKey key = Call((client, cancellation) => client.FetchAsync(accountSid, keySid, cancellation));
                if (FriendlyName == null || WildcardPattern.Get(FriendlyName, WildcardOptions.IgnoreCase).IsMatch(key.FriendlyName ?? string.Empty))
                {
                    WriteObject(key);
                }
            }
            catch (TwilioApiException e)
            {
                WriteApiError(e, keySid);
            }
        }

        private void List(string accountSid)
        {
            WildcardPattern name = FriendlyName != null ? WildcardPattern.Get(FriendlyName, WildcardOptions.IgnoreCase) : null;
            var progress = new ProgressRecord(ProgressActivityId, $"Listing the API keys of {accountSid}", "Page 1");
            string next = null;
            int page = 0, read = 0;
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                do
                {
                    if (++page > MaxPages)
                    {
                        throw new TwilioApiException(TwilioApiFailure.ResponseTooLarge,
                            $"The listing of {accountSid}'s keys goes on past {MaxPages:N0} pages; stopped after {written.Count} keys. A larger -PageSize reads more keys in as many pages.",
                            "GET", null, MaxPages);
                    }

                    if (page > 1)
                    {
                        progress.StatusDescription = $"Page {page}: {read} keys so far";
                        WriteProgress(progress);
                    }

                    string pageUri = next;
                    ApiKeyPage keys = Call((client, cancellation) => client.ListPageAsync(accountSid, PageSize, pageUri, cancellation));
                    read += keys.Keys.Length;
                    foreach (ApiKey key in keys.Keys)
                    {
                        if (written.Add(key.Sid) && (name == null || name.IsMatch(key.FriendlyName ?? string.Empty)))
                        {
                            WriteObject(key);
                        }
                    }

                    next = keys.NextPageUri;
                    if (next != null && !visited.Add(next))
                    {
                        throw new TwilioApiException(TwilioApiFailure.InvalidResponse,
                            $"The listing of {accountSid}'s keys leads back to a page already read (its next_page_uri, on page {page}); stopped after {written.Count} keys. Is -ApiBaseUri really Twilio's REST API?",
                            "GET", null, page);
                    }
                }
                while (next != null);

                WriteVerbose($"Read {read} key(s) in {page} page(s).");
            }
            catch (TwilioApiException e)
            {
                WriteApiError(e, accountSid);
            }

            if (page > 1)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }
    }
}
