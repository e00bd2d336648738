import GAISCore
extension AttentionLayer {
    /// Backward pass: accumulates the parameter gradients into `gradients` and returns the
    /// gradient with respect to the layer's (dropped-out) input, or `[]` when not requested.
    ///
    /// Each gradient entry is a sum taken in a fixed order by the one chunk that owns it:
    /// contributions flowing to a sending node are gathered through `outgoingEdge` rather than
    /// scattered from the receiving side, and `dW` is owned by blocks of its rows. The result is
    /// therefore bit-identical for any thread count.
    /// - Parameters:
    ///   - outputGradient: ∂loss/∂output, `nodes × (heads · headWidth)`.
    ///   - attentionMask: the mask used in the forward pass (or empty).
    ///   - reference: run this generic code even for `Float` (see `forward`).
    /// - Complexity: the same as the forward pass.
    static func backward<Scalar: NetworkScalar>(
        graph: AttentionGraph, cache: AttentionLayerCache<Scalar>, outputGradient: [Scalar],
        inputWidth: Int, heads: Int, headWidth: Int, weights: AttentionLayerWeights<Scalar>,
        attentionMask: [Scalar], gradients: AttentionLayerGradients<Scalar>,
        needsInputGradient: Bool, context: ExecutionContext, reference: Bool = false
    ) -> [Scalar] {
        if !reference && Scalar.self == Float.self {
            func float(_ values: [Scalar]) -> [Float] { unsafeBitCast(values, to: [Float].self) }
            let forward = (projected: float(cache.projected), logits: float(cache.logits),
                           attention: float(cache.attention), dropped: float(cache.droppedAttention),
                           output: float(cache.output))
            let result = backwardKernel(
                graph: graph, cache: (float(cache.input), forward), outputGradient: float(outputGradient),
                inputWidth: inputWidth, heads: heads, headWidth: headWidth, weights: KernelWeights(weights),
                attentionMask: float(attentionMask), gradients: KernelGradients(gradients),
                needsInputGradient: needsInputGradient, context: context)
            return unsafeBitCast(result, to: [Scalar].self)
        }
        let n = graph.nodeCount, width = heads * headWidth, edges = graph.edgeCount
        precondition(outputGradient.count == n * width)
        let slope = Scalar(negativeSlope)

        // Bias: a plain column sum in node order.
        outputGradient.withUnsafeBufferPointer { g in
            for i in 0 ..< n {
                for c in 0 ..< width { gradients.bias[c] += g[i * width + c] }
            }
        }

        // ∂loss/∂(pre-LeakyReLU logit) per edge and head, and its row sums (the a_dst part).
        var logitGradient = [Scalar](repeating: 0, count: edges * heads)
        var targetGradient = [Scalar](repeating: 0, count: n * heads)
        graph.rowStart.withUnsafeBufferPointer { rowStart in
        graph.source.withUnsafeBufferPointer { source in
        cache.projected.withUnsafeBufferPointer { z in
        cache.logits.withUnsafeBufferPointer { e in
        cache.attention.withUnsafeBufferPointer { alpha in
        attentionMask.withUnsafeBufferPointer { mask in
        outputGradient.withUnsafeBufferPointer { g in
        logitGradient.withUnsafeMutableBufferPointer { de in
        targetGradient.withUnsafeMutableBufferPointer { dt in
            let masked = !mask.isEmpty
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                for i in range {
                    let lo = rowStart[i], hi = rowStart[i + 1]
                    for h in 0 ..< heads {
                        let gi = g.baseAddress! + i * width + h * headWidth
                        var weighted: Scalar = 0
                        for p in lo ..< hi {
                            let zj = z.baseAddress! + Int(source[p]) * width + h * headWidth
                            var d: Scalar = 0
                            for f in 0 ..< headWidth { d += gi[f] * zj[f] }
                            if masked { d *= mask[p * heads + h] }
                            de[p * heads + h] = d
                            weighted += alpha[p * heads + h] * d
                        }
                        // Softmax backward: ∂e = α (∂α − Σ α ∂α); then LeakyReLU.
                        var rowSum: Scalar = 0
                        for p in lo ..< hi {
                            let k = p * heads + h
                            var d = alpha[k] * (de[k] - weighted)
                            if !(e[k] > 0) { d *= slope }
                            de[k] = d
                            rowSum += d
                        }
                        dt[i * heads + h] = rowSum
                    }
                }
            }
        }}}}}}}}}

        // ∂loss/∂z_j gathered over the edges j sends: messages α_ij ∂out_i, plus the attention
        // halves (s_j through a_src on every edge j sends, t_j through a_dst on j's own row).
        var sourceGradient = [Scalar](repeating: 0, count: n * heads)
        var projectedGradient = [Scalar](repeating: 0, count: n * width)
        let alphaUsed = attentionMask.isEmpty ? cache.attention : cache.droppedAttention
        graph.outgoingStart.withUnsafeBufferPointer { outStart in
        graph.outgoingEdge.withUnsafeBufferPointer { outEdge in
        graph.target.withUnsafeBufferPointer { target in
        alphaUsed.withUnsafeBufferPointer { alpha in
        outputGradient.withUnsafeBufferPointer { g in
        logitGradient.withUnsafeBufferPointer { de in
        targetGradient.withUnsafeBufferPointer { dt in
        sourceGradient.withUnsafeMutableBufferPointer { ds in
        projectedGradient.withUnsafeMutableBufferPointer { dz in
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                for j in range {
                    let row = dz.baseAddress! + j * width
                    for q in outStart[j] ..< outStart[j + 1] {
                        let p = Int(outEdge[q])
                        let gi = g.baseAddress! + Int(target[p]) * width
                        for h in 0 ..< heads {
                            let a = alpha[p * heads + h]
                            ds[j * heads + h] += de[p * heads + h]
                            let base = h * headWidth
                            for f in base ..< base + headWidth { row[f] += a * gi[f] }
                        }
                    }
                    for h in 0 ..< heads {
                        let sj = ds[j * heads + h], tj = dt[j * heads + h]
                        let base = h * headWidth
                        for f in base ..< base + headWidth {
                            row[f] += sj * weights.attentionSource[f] + tj * weights.attentionTarget[f]
                        }
                    }
                }
            }
        }}}}}}}}}

        // Attention vectors: ∂a_src[h, f] = Σ_j ∂s_j z_j, ∂a_dst[h, f] = Σ_i ∂t_i z_i, in node order.
        cache.projected.withUnsafeBufferPointer { z in
        sourceGradient.withUnsafeBufferPointer { ds in
        targetGradient.withUnsafeBufferPointer { dt in
            for j in 0 ..< n {
                for h in 0 ..< heads {
                    let sj = ds[j * heads + h], tj = dt[j * heads + h]
                    let base = h * headWidth
                    for f in base ..< base + headWidth {
                        gradients.attentionSource[f] += sj * z[j * width + f]
                        gradients.attentionTarget[f] += tj * z[j * width + f]
                    }
                }
            }
        }}}

        // ∂W = xᵀ ∂z: each block of W's rows is owned by one chunk and summed over nodes in order.
        cache.input.withUnsafeBufferPointer { xb in
        projectedGradient.withUnsafeBufferPointer { dzb in
            guard n > 0, inputWidth > 0 else { return }
            let xp = xb.baseAddress!, dzp = dzb.baseAddress!, dw = gradients.weight.baseAddress!
            forEachRowChunk(inputWidth, grain: 8, context: context) { range in
                for i in 0 ..< n {
                    let xr = xp + i * inputWidth, dzr = dzp + i * width
                    for k in range {
                        let v = xr[k]
                        if v == 0 { continue }
                        let row = dw + k * width
                        for c in 0 ..< width { row[c] += v * dzr[c] }
                    }
                }
            }
        }}

        guard needsInputGradient else { return [] }
        // ∂x = ∂z Wᵀ.
        var inputGradient = [Scalar](repeating: 0, count: n * inputWidth)
        projectedGradient.withUnsafeBufferPointer { dzb in
        inputGradient.withUnsafeMutableBufferPointer { dxb in
            guard n > 0, inputWidth > 0 else { return }
            let dzp = dzb.baseAddress!, dxp = dxb.baseAddress!, wp = weights.weight.baseAddress!
            forEachRowChunk(n, grain: rowGrain, context: context) { range in
                for i in range {
                    let dzr = dzp + i * width, dxr = dxp + i * inputWidth
                    for k in 0 ..< inputWidth {
                        let w = wp + k * width
                        var sum: Scalar = 0
                        for c in 0 ..< width { sum += dzr[c] * w[c] }
                        dxr[k] = sum
                    }
                }
            }
        }}
        return inputGradient
    }
}
