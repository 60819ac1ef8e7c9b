using Sure.Configuration;
using TorchSharp;
using Modules = TorchSharp.Modules;
using static TorchSharp.torch;
using Sure.Tensors;
using static Sure.Tensors.Scalars;

namespace Sure.Model;

/// <summary>
/// Paper §2.4 (eq. 6–10): iterative reasoning over a global dialogue memory, for one modality.
/// <list type="bullet">
/// <item>Memory (eq. 6–8): M = Linear(LSTM(h')). Bidirectional context: a forward and a backward LSTM of d/2 each
/// ("memory_fwd", "memory_bwd"), concatenated. The backward LSTM reads each dialogue reversed within its own length
/// (a gather index), so trailing padding can never reach a real utterance. Causal context: one forward LSTM of d.</item>
/// <item>Initial query (eq. 9): q_0 = W_q h' + b_q ("query"); the reasoning LSTM cell ("cell", input 2d, hidden d)
/// starts from hidden state q_0, cell state 0 and input q*_0 = [q_0 ; 0].</item>
/// <item>Step t = 1..T (eq. 10): (q_t, c_t) = LSTMCell(q*_{t−1}, (q_{t−1}, c_{t−1})); a_ij = softmax_j(q_t,i · M_j)
/// over real j (and j ≤ i when causal), unscaled dot product as in the paper (scaled by 1/√d with --scaled-reasoning); r_t,i = Σ_j a_ij M_j; q*_t = [q_t ; r_t].</item>
/// <item>Output: Linear(2d → d)(q*_T) ("output").</item>
/// </list>
/// Returns the refined representation [B, N, d] (zeros on padding) and the attention maps [B, T, N, N].
/// </summary>
public sealed class IterativeReasoning : nn.Module<Tensor, Tensor, (Tensor Output, Tensor Attention)>
{
    internal readonly Modules.LSTM memory_fwd;
    internal readonly Modules.LSTM? memory_bwd;
    internal readonly Modules.Linear memory_proj;
    internal readonly Modules.Linear query;
    internal readonly Modules.LSTMCell cell;
    internal readonly Modules.Linear output;

    private readonly int hidden;
    private readonly int steps;
    private readonly bool causal;
    private readonly double scoreScale;
    /// <summary><see cref="scoreScale"/> as a Scalar that lives as long as the module (see <see cref="Sure.Tensors.Scalars"/>).</summary>
    private readonly Scalar scoreScalar;
    private readonly bool memorySkip;

    /// <param name="scaled">Divide the attention scores by √d (not in the paper, whose dot product is unscaled; see docs/model.md).</param>
    /// <param name="memorySkip">Add each utterance's own memory row M_i to the output (not in the paper; see docs/model.md).</param>
    public IterativeReasoning(int hidden, int steps, ContextMode context, bool scaled = false, bool memorySkip = false) : base(nameof(IterativeReasoning))
    {
        this.memorySkip = memorySkip;
        scoreScale = scaled ? 1.0 / Math.Sqrt(hidden) : 1.0;
        scoreScalar = scoreScale.ToScalar();
        if (hidden % 2 != 0) throw new ArgumentException("hidden must be even", nameof(hidden));
        this.hidden = hidden;
        this.steps = steps;
        causal = context == ContextMode.Causal;
        if (causal)
        {
            memory_fwd = nn.LSTM(hidden, hidden, batchFirst: true);
        }
        else
        {
            memory_fwd = nn.LSTM(hidden, hidden / 2, batchFirst: true);
            memory_bwd = nn.LSTM(hidden, hidden / 2, batchFirst: true);
        }
        memory_proj = nn.Linear(hidden, hidden);
        query = nn.Linear(hidden, hidden);
        cell = nn.LSTMCell(2 * hidden, hidden);
        output = nn.Linear(2 * hidden, hidden);
        RegisterComponents();
    }

    /// <summary>h [B, N, d] (MoE output), mask [B, N] bool.</summary>
    public override (Tensor Output, Tensor Attention) forward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long b = h.shape[0], n = h.shape[1];
        var pad = mask.logical_not().unsqueeze(-1);
        h = h.masked_fill(pad, Zero);

        // eq. 6–8: global memory.
        var (fwd, _, _) = LstmKernels.Forward(memory_fwd, h);
        Tensor states = fwd;
        if (memory_bwd is not null)
        {
            var rev = ReverseIndex(mask).unsqueeze(-1);
            var (bwd, _, _) = LstmKernels.Forward(memory_bwd, h.gather(1, rev.expand(b, n, hidden)));
            bwd = bwd.gather(1, rev.expand(b, n, hidden / 2));
            states = cat([fwd, bwd], -1);
        }
        var memory = memory_proj.forward(states).masked_fill(pad, Zero);   // M [B, N, d]

        // Which memory slots each query may read: real ones (and only the past and present when causal).
        var allowed = mask.unsqueeze(1).expand(b, n, n);                  // [B, i, j]
        if (causal) allowed = allowed.logical_and(ones(n, n, dtype: ScalarType.Bool, device: h.device).tril());
        var blocked = allowed.logical_not();

        // eq. 9–10: iterative query refinement; all utterances of the batch are one LSTMCell batch.
        var q = query.forward(h);                                         // q_0 [B, N, d]
        var c = zeros_like(q);
        var qStar = cat([q, zeros_like(q)], -1);
        var memoryT = memory.transpose(1, 2);
        var maps = new List<Tensor>(steps);
        for (int t = 0; t < steps; t++)
        {
            var (qn, cn) = cell.forward(qStar.reshape(b * n, 2 * hidden), (q.reshape(b * n, hidden), c.reshape(b * n, hidden)));
            q = qn.view(b, n, hidden);
            c = cn.view(b, n, hidden);
            // -1e30 rather than −inf: a row with nothing allowed (an empty dialogue) becomes uniform, never NaN.
            var scores = q.matmul(memoryT);
            if (scoreScale != 1.0) scores = scores * scoreScalar;
            var a = scores.masked_fill(blocked, Blocked).softmax(-1);   // [B, N, N]
            var r = a.matmul(memory);
            qStar = cat([q, r], -1);
            maps.Add(a);
        }
        var result = output.forward(qStar);
        if (memorySkip) result = result.add(memory, One);
        result = result.masked_fill(pad, Zero);
        var attention = stack(maps, 1);
        result.MoveToOuterDisposeScope();
        attention.MoveToOuterDisposeScope();
        return (result, attention);
    }

    /// <summary>
    /// Incremental causal form (eval mode, one dialogue): the next utterance's h [1, 1, d] → its output [1, 1, d] and
    /// attention [1, T, 1, n] over the n utterances so far; equal to row n − 1 of <see cref="forward"/> over them. The
    /// memory LSTM takes one step from <paramref name="cache"/>'s state and its memory row joins the cache's rows.
    /// </summary>
    /// <exception cref="NotSupportedException">bidirectional context (the backward memory reads later turns).</exception>
    internal (Tensor Output, Tensor Attention) Step(Tensor h, ReasoningCache cache)
    {
        if (!causal) throw new NotSupportedException("bidirectional reasoning memory reads later turns; it cannot be streamed.");
        using var scope = NewDisposeScope();
        var (fwd, hn, cn) = LstmKernels.Forward(memory_fwd, h, cache.State);
        cache.SetState(hn, cn);
        var row = memory_proj.forward(fwd);                               // M_n [1, 1, d]
        var memory = cache.Memory.Append(row);                            // M [1, n, d]
        var memoryT = memory.transpose(1, 2);
        var q = query.forward(h);
        var c = zeros_like(q);
        var qStar = cat([q, zeros_like(q)], -1);
        var maps = new List<Tensor>(steps);
        for (int t = 0; t < steps; t++)
        {
            var (qn, cn2) = cell.forward(qStar.reshape(1, 2 * hidden), (q.reshape(1, hidden), c.reshape(1, hidden)));
            q = qn.view(1, 1, hidden);
            c = cn2.view(1, 1, hidden);
            var scores = q.matmul(memoryT);
            if (scoreScale != 1.0) scores = scores * scoreScalar;
            var a = scores.softmax(-1);                                   // [1, 1, n]: every row so far is allowed
            qStar = cat([q, a.matmul(memory)], -1);
            maps.Add(a);
        }
        var result = output.forward(qStar);
        if (memorySkip) result = result.add(row, One);
        var attention = stack(maps, 1);
        result.MoveToOuterDisposeScope();
        attention.MoveToOuterDisposeScope();
        return (result, attention);
    }

    /// <summary>[B, N] int64 index that reverses each row within its own length and leaves the padding in place (an involution).</summary>
    internal static Tensor ReverseIndex(Tensor mask)
    {
        long n = mask.shape[1];
        var lengths = mask.sum(1, type: ScalarType.Int64).unsqueeze(1);     // [B, 1]
        var i = Arange(n, ScalarType.Int64, mask.device).unsqueeze(0);   // [1, N]
        return where(i < lengths, lengths - One - i, i);
    }
}

/// <summary>One modality's streamed reasoning state: the memory LSTM's (h, c) and the memory rows M so far.</summary>
internal sealed class ReasoningCache : IDisposable
{
    public RowCache Memory { get; } = new(1);
    /// <summary>The memory LSTM's (h, c) [1, 1, d] after the last utterance; null before the first.</summary>
    public (Tensor, Tensor)? State { get; private set; }

    public void SetState(Tensor h, Tensor c)
    {
        var old = State;
        State = (h.detach().DetachFromDisposeScope(), c.detach().DetachFromDisposeScope());
        if (old is { } o) { o.Item1.Dispose(); o.Item2.Dispose(); }
    }

    public void Dispose()
    {
        if (State is { } s) { s.Item1.Dispose(); s.Item2.Dispose(); }
        State = null;
        Memory.Dispose();
    }
}
