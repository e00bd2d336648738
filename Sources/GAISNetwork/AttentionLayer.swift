import GAISCore
/// Everything the forward pass of one attention layer keeps for its backward pass.
struct AttentionLayerCache<Scalar: NetworkScalar>: Sendable {
    /// The layer's input after dropout, `nodes × inputWidth`.
    var input: [Scalar]
    /// `input · W`, `nodes × (heads · headWidth)`.
    var projected: [Scalar]
    /// Raw attention logits before LeakyReLU, `edges × heads`.
    var logits: [Scalar]
    /// Softmax-normalised attention per receiving node, `edges × heads`.
    var attention: [Scalar]
    /// Attention after dropout (empty when there is no attention dropout), `edges × heads`.
    var droppedAttention: [Scalar]
    /// Aggregated messages plus bias (before any activation), `nodes × (heads · headWidth)`.
    var output: [Scalar]
}

/// One graph attention layer (Veličković et al., "Graph Attention Networks", ICLR 2018) with
/// concatenated heads, as PyTorch Geometric's `GATConv`.
///
/// For receiving node i, head h and neighbour j ∈ N(i) (i itself included):
/// z_j = W x_j, e_ij = LeakyReLU_0.2(a_srcᵀ z_j + a_dstᵀ z_i), α_ij = softmax_j(e_ij) and
/// out_i = Σ_j α_ij z_j + b. The two halves of the attention vector are applied once per node;
/// the concatenated vector is never built per edge.
enum AttentionLayer {
    /// Negative slope of the LeakyReLU on attention logits.
    static let negativeSlope = 0.2
    /// Rows per parallel chunk (fixed, so results never depend on the thread count).
    static let rowGrain = 64

    /// Forward pass.
    /// - Parameters:
    ///   - input: `nodes × inputWidth`, already through input dropout.
    ///   - attentionMask: `edges × heads` dropout multipliers (0 or 1/(1−p)), or empty.
    ///   - context: the threads row loops may use (results are identical whatever it is).
    ///   - reference: run this generic Swift code even for `Float` (which otherwise runs the
    ///     equivalent C kernels of `forwardKernel`); for the tests that compare the two.
    /// - Complexity: O(nodes · inputWidth · heads · headWidth + edges · heads · headWidth).
    static func forward<Scalar: NetworkScalar>(
        graph: AttentionGraph, input: [Scalar], inputWidth: Int, heads: Int, headWidth: Int,
        weights: AttentionLayerWeights<Scalar>, attentionMask: [Scalar], context: ExecutionContext, reference: Bool = false
    ) -> AttentionLayerCache<Scalar> {
        if !reference && Scalar.self == Float.self {
            let result = forwardKernel(graph: graph, input: unsafeBitCast(input, to: [Float].self),
                                       inputWidth: inputWidth, heads: heads, headWidth: headWidth,
                                       weights: KernelWeights(weights), weightCount: weights.weight.count,
                                       attentionMask: unsafeBitCast(attentionMask, to: [Float].self), context: context)
            func same(_ values: [Float]) -> [Scalar] { unsafeBitCast(values, to: [Scalar].self) }
            return AttentionLayerCache(input: input, projected: same(result.projected), logits: same(result.logits),
                                       attention: same(result.attention), droppedAttention: same(result.dropped),
                                       output: same(result.output))
        }
        let n = graph.nodeCount, width = heads * headWidth, edges = graph.edgeCount
        precondition(input.count == n * inputWidth && weights.weight.count == inputWidth * width)
        precondition(attentionMask.isEmpty || attentionMask.count == edges * heads)
        let projected = project(input, rows: n, inputWidth: inputWidth, weight: weights.weight,
                                width: width, context: context)

        // Per-node halves of the attention logits: s_j = a_srcᵀ z_j, t_i = a_dstᵀ z_i.
        var sourceScore = [Scalar](repeating: 0, count: n * heads)
        var targetScore = [Scalar](repeating: 0, count: n * heads)
        projected.withUnsafeBufferPointer { z in
            sourceScore.withUnsafeMutableBufferPointer { s in
                targetScore.withUnsafeMutableBufferPointer { t in
                    forEachRowChunk(n, grain: rowGrain * 4, context: context) { range in
                        for i in range {
                            for h in 0 ..< heads {
                                var ss: Scalar = 0, tt: Scalar = 0
                                let base = i * width + h * headWidth
                                for f in 0 ..< headWidth {
                                    ss += weights.attentionSource[h * headWidth + f] * z[base + f]
                                    tt += weights.attentionTarget[h * headWidth + f] * z[base + f]
                                }
                                s[i * heads + h] = ss
                                t[i * heads + h] = tt
                            }
                        }
                    }
                }
            }
        }

        var logits = [Scalar](repeating: 0, count: edges * heads)
        var attention = [Scalar](repeating: 0, count: edges * heads)
        var dropped = attentionMask.isEmpty ? [] : [Scalar](repeating: 0, count: edges * heads)
        var output = [Scalar](repeating: 0, count: n * width)
        let slope = Scalar(negativeSlope)
        graph.rowStart.withUnsafeBufferPointer { rowStart in
        graph.source.withUnsafeBufferPointer { source in
        projected.withUnsafeBufferPointer { z in
        sourceScore.withUnsafeBufferPointer { s in
        targetScore.withUnsafeBufferPointer { t in
        attentionMask.withUnsafeBufferPointer { mask in
        logits.withUnsafeMutableBufferPointer { e in
        attention.withUnsafeMutableBufferPointer { alpha in
        dropped.withUnsafeMutableBufferPointer { alphaDropped in
        output.withUnsafeMutableBufferPointer { out in
            let masked = !mask.isEmpty
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                for i in range {
                    let lo = rowStart[i], hi = rowStart[i + 1]
                    for h in 0 ..< heads {
                        // Segment softmax with the maximum subtracted, so large logits cannot overflow.
                        let ti = t[i * heads + h]
                        var maximum = -Scalar.infinity
                        for p in lo ..< hi {
                            let raw = s[Int(source[p]) * heads + h] + ti
                            e[p * heads + h] = raw
                            let activated = raw > 0 ? raw : raw * slope
                            if activated > maximum { maximum = activated }
                        }
                        var total: Scalar = 0
                        for p in lo ..< hi {
                            let raw = e[p * heads + h]
                            let activated = raw > 0 ? raw : raw * slope
                            let w = Scalar.exponential(activated - maximum)
                            alpha[p * heads + h] = w
                            total += w
                        }
                        let scale = 1 / total
                        for p in lo ..< hi { alpha[p * heads + h] *= scale }
                    }
                    let row = out.baseAddress! + i * width
                    for c in 0 ..< width { row[c] = weights.bias[c] }
                    for p in lo ..< hi {
                        let from = z.baseAddress! + Int(source[p]) * width
                        for h in 0 ..< heads {
                            var a = alpha[p * heads + h]
                            if masked {
                                a *= mask[p * heads + h]
                                alphaDropped[p * heads + h] = a
                            }
                            let base = h * headWidth
                            for f in base ..< base + headWidth { row[f] += a * from[f] }
                        }
                    }
                }
            }
        }}}}}}}}}}
        return AttentionLayerCache(input: input, projected: projected, logits: logits, attention: attention,
                                   droppedAttention: dropped, output: output)
    }

    /// `x · W` for row-major `x` (`rows × inputWidth`) and `W` (`inputWidth × width`).
    ///
    /// Four rows at a time share each row of `W`; the inner loop runs over contiguous output
    /// columns so it vectorises.
    static func project<Scalar: NetworkScalar>(_ x: [Scalar], rows: Int, inputWidth: Int,
                                               weight: UnsafeBufferPointer<Scalar>, width: Int,
                                               context: ExecutionContext) -> [Scalar] {
        var result = [Scalar](repeating: 0, count: rows * width)
        guard rows > 0, width > 0, inputWidth > 0 else { return result }
        x.withUnsafeBufferPointer { xb in
            result.withUnsafeMutableBufferPointer { rb in
                let xp = xb.baseAddress!, rp = rb.baseAddress!, wp = weight.baseAddress!
                forEachRowChunk(rows, grain: rowGrain, context: context) { range in
                    var i = range.lowerBound
                    while i + 4 <= range.upperBound {
                        let r0 = rp + i * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width
                        let x0 = xp + i * inputWidth, x1 = x0 + inputWidth, x2 = x1 + inputWidth, x3 = x2 + inputWidth
                        for k in 0 ..< inputWidth {
                            let v0 = x0[k], v1 = x1[k], v2 = x2[k], v3 = x3[k]
                            let w = wp + k * width
                            for c in 0 ..< width {
                                let wc = w[c]
                                r0[c] += v0 * wc
                                r1[c] += v1 * wc
                                r2[c] += v2 * wc
                                r3[c] += v3 * wc
                            }
                        }
                        i += 4
                    }
                    while i < range.upperBound {
                        let r = rp + i * width, xr = xp + i * inputWidth
                        for k in 0 ..< inputWidth {
                            let v = xr[k], w = wp + k * width
                            for c in 0 ..< width { r[c] += v * w[c] }
                        }
                        i += 1
                    }
                }
            }
        }
        return result
    }
}
