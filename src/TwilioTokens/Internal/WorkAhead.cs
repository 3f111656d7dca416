using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// Does a cmdlet run's per-item work (signing a token, decoding one) on a thread of its own while PowerShell binds
    /// the next input objects on the pipeline's thread, and hands the items back in the order they came. Per input row,
    /// binding and that work cost about the same (about 2 µs each on the machines of docs/performance.md), so on two
    /// cores or more a long pipeline runs at the speed of the slower of the two instead of their sum.
    /// </summary>
    /// <remarks>
    /// Items go over in batches, so that the two threads meet once per batch rather than once per item. Everything the
    /// cmdlet writes for an item travels in it and is written on the pipeline's thread, in input order, so output,
    /// errors and warnings interleave exactly as if each item were done when it came; they only come a batch later.
    /// The work must not touch PowerShell (it runs off the pipeline's thread), must keep its failures in the item, and
    /// owns whatever single-threaded state it uses while this runs. Dispose stops the thread, without doing what is
    /// still queued, and waits for it: after that the caller may dispose that state (a signing key, say).
    /// </remarks>
    internal sealed class WorkAhead<TItem> : IDisposable where TItem : struct
    {
        /// <summary>Does one item's work, filling in its result.</summary>
        public delegate void ItemWork(ref TItem item);

        private readonly int _batchSize;

        // Bounds the output's lag and the memory held for a pipeline whose consumer is slower than the work.
        private readonly int _maxBatchesInFlight;

        // Batches written out, for the next ones: the items they hold are then the only new objects a batch makes.
        private readonly Stack<Batch> _spare = new Stack<Batch>();

        private readonly ItemWork _work;
        private readonly ItemWork _helperWork;
        private readonly BlockingCollection<Batch> _queued = new BlockingCollection<Batch>();
        private readonly Queue<Batch> _inFlight = new Queue<Batch>();
        private readonly Task _worker;
        private Batch _filling;
        private volatile bool _stopping;

        /// <param name="batchSize">Items per batch: larger batches meet less often, smaller ones keep fewer items alive
        /// across a garbage collection (each then copied into an older generation).</param>
        /// <param name="maxBatchesInFlight">Full batches queued or being worked on before the pipeline's thread waits.</param>
        /// <param name="helperWork">The same work with state of its own, for the pipeline's thread to do queued batches
        /// with instead of waiting for them; null for none.</param>
        public WorkAhead(ItemWork work, int batchSize, int maxBatchesInFlight, ItemWork helperWork = null)
        {
            _work = work;
            _helperWork = helperWork;
            _batchSize = batchSize;
            _maxBatchesInFlight = maxBatchesInFlight;
            _worker = Task.Factory.StartNew(WorkOnBatches, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Queues one item, on the pipeline's thread.</summary>
        public void Add(in TItem item)
        {
            Batch batch = _filling ?? (_filling = _spare.Count > 0 ? _spare.Pop() : new Batch(_batchSize));
            batch.Items[batch.Count++] = item;
            if (batch.Count == _batchSize)
            {
                Submit();
            }
        }

        /// <summary>The items done so far, oldest first, for the caller to write. Waits for the oldest batch while too
        /// many are in flight, and, with <paramref name="all"/>, for every item queued (the input has ended).</summary>
        public IEnumerable<TItem> TakeFinished(bool all)
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
                    if (!all && _inFlight.Count <= _maxBatchesInFlight)
                    {
                        yield break;
                    }

                    WaitHelping(oldest);
                }

                _inFlight.Dequeue();
                if (oldest.Failure != null)
                {
                    throw new InvalidOperationException("The work of a batch on the background thread failed.", oldest.Failure);
                }

                for (int i = 0; i < oldest.Count; i++)
                {
                    yield return oldest.Items[i];
                }

                oldest.Clear();
                _spare.Push(oldest);
            }
        }

        private void Submit()
        {
            _inFlight.Enqueue(_filling);
            _queued.Add(_filling);
            _filling = null;
        }

        /// <summary>Waits for <paramref name="oldest"/>. Meanwhile the pipeline's thread, which would otherwise sit idle
        /// while the work is behind, does queued batches the worker has not started, with state of its own: when items
        /// are kept rather than passed on, binding leaves more than half of its thread free.</summary>
        private void WaitHelping(Batch oldest)
        {
            while (_helperWork != null && !oldest.Done.IsSet && _queued.TryTake(out Batch queued))
            {
                WorkOn(queued, _helperWork);
            }

            oldest.Done.Wait();
        }

        private void WorkOnBatches()
        {
            foreach (Batch batch in _queued.GetConsumingEnumerable())
            {
                WorkOn(batch, _work);
            }
        }

        private void WorkOn(Batch batch, ItemWork work)
        {
            try
            {
                for (int i = 0; i < batch.Count && !_stopping; i++)
                {
                    work(ref batch.Items[i]);
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

        /// <summary>Stops the thread, without doing what is still queued, and waits for it.</summary>
        public void Dispose()
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _queued.CompleteAdding();
            _worker.Wait();
            _queued.Dispose();
        }

        private sealed class Batch
        {
            public readonly TItem[] Items;
            public readonly ManualResetEventSlim Done = new ManualResetEventSlim(false);
            public int Count;
            public Exception Failure;

            public Batch(int size) => Items = new TItem[size];

            /// <summary>Ready to be filled again; what it held is no longer referenced from here.</summary>
            public void Clear()
            {
                Array.Clear(Items, 0, Count);
                Count = 0;
                Done.Reset();
            }
        }
    }
}
