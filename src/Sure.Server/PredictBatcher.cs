using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Sure.Errors;
using Sure.Inference;

namespace Sure.Server;

/// <summary>
/// Micro-batching of <c>POST /v1/predict</c>: requests wait in a bounded queue; one worker takes the first, gathers all
/// that queued while the model was busy and, when the last pass held several conversations (requests are coming
/// together), those that arrive within <see cref="ServeOptions.BatchWindow"/> of the first, up to
/// <see cref="ServeOptions.MaxBatchTurns"/> turns, and labels them in one <see cref="SurePredictor.PredictMany"/>.
/// A request that finds <see cref="ServeOptions.MaxQueue"/> requests waiting is refused at once with 503 and
/// <c>Retry-After</c>. A batch that fails on one request's data is labelled again one request at a time, so each request
/// gets its own answer or its own 422.
/// </summary>
internal sealed class PredictBatcher : IAsyncDisposable
{
    private sealed record Item(Conversation Conversation, TaskCompletionSource<IReadOnlyList<TurnPrediction>> Done, CancellationToken Aborted, long Arrived);

    /// <summary>Seconds a refused client is told to wait.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly SurePredictor _predictor;
    private readonly ServeOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly Func<Func<int>, CancellationToken, Task<int>> _underModel;
    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private int _waiting;
    /// <summary>Conversations in the last pass (1 at first); read and written by the worker only.</summary>
    private int _lastBatch = 1;

    /// <param name="underModel">runs model work in turn with the live sessions' (the server's model gate).</param>
    public PredictBatcher(SurePredictor predictor, ServeOptions options, ServerMetrics metrics, Func<Func<int>, CancellationToken, Task<int>> underModel)
    {
        _predictor = predictor;
        _options = options;
        _metrics = metrics;
        _underModel = underModel;
        _worker = Task.Run(Work);
    }

    /// <summary>Requests accepted and not yet taken into a batch that runs.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Queues <paramref name="conversation"/>; its predictions when its batch has run. A full queue is an
    /// <see cref="ApiError"/> 503 (with <c>Retry-After</c> set on <paramref name="response"/>).</summary>
    public Task<IReadOnlyList<TurnPrediction>> Predict(Conversation conversation, HttpResponse response, CancellationToken aborted)
    {
        if (Interlocked.Increment(ref _waiting) > _options.MaxQueue)
        {
            Interlocked.Decrement(ref _waiting);
            _metrics.QueueFull.Inc();
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ApiError(StatusCodes.Status503ServiceUnavailable,
                $"the server is busy: {_options.MaxQueue} conversations are waiting to be labelled (--max-queue); try again in {RetryAfterSeconds} s.");
        }
        _metrics.Queued.Set(Waiting);
        var item = new Item(conversation, new TaskCompletionSource<IReadOnlyList<TurnPrediction>>(TaskCreationOptions.RunContinuationsAsynchronously), aborted, TimeProvider.System.GetTimestamp());
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _waiting);
            throw new ApiError(StatusCodes.Status503ServiceUnavailable, "the server is stopping.");
        }
        return item.Done.Task;
    }

    private async Task Work()
    {
        var reader = _queue.Reader;
        Item? carried = null;   // the request that did not fit the last batch: it starts the next
        List<Item>? batch = null;
        try
        {
            while (carried is not null || await reader.WaitToReadAsync(_stop.Token))
            {
                if (carried is null && !reader.TryRead(out carried)) continue;
                batch = [carried];
                carried = null;
                int turns = batch[0].Conversation.Turns.Count;
                // wait out the window only when requests have been coming together (the last pass had several): a lone
                // client's request runs at once, as without batching
                var window = _lastBatch > 1 || _options.WindowEvenAlone ? _options.BatchWindow : TimeSpan.Zero;
                var deadline = batch[0].Arrived + (long)(window.TotalSeconds * TimeProvider.System.TimestampFrequency);
                while (turns < _options.MaxBatchTurns)
                {
                    if (reader.TryRead(out var next))
                    {
                        if (turns + next.Conversation.Turns.Count > _options.MaxBatchTurns) { carried = next; break; }
                        batch.Add(next);
                        turns += next.Conversation.Turns.Count;
                        continue;
                    }
                    var left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), deadline);
                    if (left <= TimeSpan.Zero) break;
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    wait.CancelAfter(left);
                    try { if (!await reader.WaitToReadAsync(wait.Token)) break; }
                    catch (OperationCanceledException) when (!_stop.IsCancellationRequested) { break; }
                }
                Interlocked.Add(ref _waiting, -batch.Count);
                _metrics.Queued.Set(Waiting);
                batch.RemoveAll(i => i.Aborted.IsCancellationRequested && i.Done.TrySetCanceled(i.Aborted)); // the client went away
                if (batch.Count == 0) continue;
                _metrics.BatchConversations.Observe(batch.Count);
                _lastBatch = batch.Count;
                var taken = batch;
                await _underModel(() => Run(taken), _stop.Token);
                batch = null;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            var stopping = new ApiError(StatusCodes.Status503ServiceUnavailable, "the server is stopping.");
            if (carried is not null) carried.Done.TrySetException(stopping);
            foreach (var i in batch ?? []) i.Done.TrySetException(stopping);   // taken, not run: the server stopped first
            while (reader.TryRead(out var left)) left.Done.TrySetException(stopping);
        }
    }

    /// <summary>Labels <paramref name="batch"/> in one pass; when that fails on a request's data, each request alone.</summary>
    private int Run(List<Item> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                var all = _predictor.PredictMany([.. batch.Select(i => i.Conversation)]);
                for (int k = 0; k < batch.Count; k++) batch[k].Done.TrySetResult(all[k]);
                return batch.Count;
            }
            catch (SureUserException)
            {
                // one request's data: each alone below, so that only its own client gets the error
            }
            catch (Exception e)
            {
                foreach (var i in batch) i.Done.TrySetException(e);
                return batch.Count;
            }
        }
        foreach (var i in batch)
        {
            try { i.Done.TrySetResult(_predictor.Predict(i.Conversation)); }
            catch (SureDataException e) { i.Done.TrySetException(new ApiError(StatusCodes.Status422UnprocessableEntity, e.Message, e.UtteranceIndex is { } t ? $"turns[{t}]" : null)); }
            catch (Exception e) { i.Done.TrySetException(e); }
        }
        return batch.Count;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try { await _worker; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
