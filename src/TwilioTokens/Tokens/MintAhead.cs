using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace TwilioTokens
{
    /// <summary>
    /// Mints a run's tokens on a thread of its own while PowerShell binds the next input objects on the pipeline's
    /// thread, and hands them back in the order they were asked for. Per input row, binding and signing cost about the
    /// same (about 2 µs each on the machines of docs/performance.md), so on two cores or more a long pipeline runs at
    /// the speed of the slower of the two instead of their sum.
    /// </summary>
    /// <remarks>
    /// Requests go over in batches, so that the two threads meet once per batch rather than once per token. Everything
    /// the cmdlet writes for a request (warnings, the error, the token) travels with it and is written on the pipeline's
    /// thread in request order, so output, errors and warnings interleave exactly as if each token were minted when it
    /// was asked for; they only come a batch later. The worker is the only user of the <see cref="TokenMinter"/> once it
    /// starts (the minter is single-threaded), touches nothing of PowerShell's, and is stopped, and waited for, before
    /// the minter (and the key's copy of the secret) is disposed.
    /// </remarks>
    internal sealed class MintAhead : IDisposable
    {
        private const int BatchSize = 256;

        // Bounds the output's lag and the memory held for a pipeline whose consumer is slower than minting.
        private const int MaxBatchesInFlight = 4;

        private readonly TokenMinter _minter;
        private readonly BlockingCollection<Batch> _work = new BlockingCollection<Batch>();
        private readonly Queue<Batch> _inFlight = new Queue<Batch>();
        private readonly Task _worker;
        private Batch _filling;
        private volatile bool _stopping;

        public MintAhead(TokenMinter minter)
        {
            _minter = minter;
            _worker = Task.Factory.StartNew(MintBatches, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Queues one request: a token to mint (<paramref name="error"/> null), or an error to write in its
        /// place. <paramref name="warnings"/> (null for none) are written just before it.</summary>
        public void Add(string identity, GrantSet grants, ErrorRecord error, List<string> warnings)
        {
            Batch batch = _filling ?? (_filling = new Batch());
            batch.Items[batch.Count++] = new Request { Identity = identity, Grants = grants, Error = error, Warnings = warnings };
            if (batch.Count == BatchSize)
            {
                Submit();
            }
        }

        /// <summary>The requests minted so far, oldest first, for the caller to write. Waits for the oldest batch while
        /// too many are in flight, and, with <paramref name="all"/>, for every request queued (the input has ended).</summary>
        public IEnumerable<Request> TakeFinished(bool all)
        {
            if (all && _filling != null)
            {
                Submit();
            }

            while (_inFlight.Count > 0)
            {
                Batch oldest = _inFlight.Peek();
                if (!oldest.Done.IsSet)
                {
                    if (!all && _inFlight.Count <= MaxBatchesInFlight)
                    {
                        yield break;
                    }

                    oldest.Done.Wait();
                }

                _inFlight.Dequeue();
                oldest.Done.Dispose();
                if (oldest.Failure != null)
                {
                    throw new InvalidOperationException("Minting tokens on the background thread failed.", oldest.Failure);
                }

                for (int i = 0; i < oldest.Count; i++)
                {
                    yield return oldest.Items[i];
                }
            }
        }

        private void Submit()
        {
            _inFlight.Enqueue(_filling);
            _work.Add(_filling);
            _filling = null;
        }

        private void MintBatches()
        {
            foreach (Batch batch in _work.GetConsumingEnumerable())
            {
                try
                {
                    for (int i = 0; i < batch.Count && !_stopping; i++)
                    {
                        ref Request request = ref batch.Items[i];
                        if (request.Error != null)
                        {
                            continue;
                        }

                        try
                        {
                            request.Token = _minter.Mint(request.Identity, request.Grants);
                        }
                        catch (Exception e)
                        {
                            request.SigningFailure = e;
                        }
                    }
                }
                catch (Exception e)
                {
                    batch.Failure = e;
                }
                finally
                {
                    batch.Done.Set();
                }
            }
        }

        /// <summary>Stops the worker, without minting what is still queued, and waits for it: after this the minter is
        /// the caller's again, to dispose.</summary>
        public void Dispose()
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _work.CompleteAdding();
            _worker.Wait();
            _work.Dispose();
        }

        /// <summary>One request and, once its batch is done, what came of it.</summary>
        internal struct Request
        {
            public string Identity;
            public GrantSet Grants;
            public ErrorRecord Error;
            public List<string> Warnings;
            public AccessToken Token;
            public Exception SigningFailure;
        }

        private sealed class Batch
        {
            public readonly Request[] Items = new Request[BatchSize];
            public readonly ManualResetEventSlim Done = new ManualResetEventSlim(false);
            public int Count;
            public Exception Failure;
        }
    }
}
