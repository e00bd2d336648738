import GAISCore
import GAISKernels

/// The two-layer network of method.md §3 as pure functions of the parameters: forward pass,
/// class-weighted cross-entropy, and the hand-written backward pass.
///
/// Layer 1: `heads × hidden` concatenated, ELU. Layer 2: `classCount` outputs, one head,
/// softmax. Dropout (when masks are given) on both layers' inputs and attention coefficients.
enum GATNetwork {
    /// The activations of one forward pass.
    struct Forward<Scalar: NetworkScalar>: Sendable {
        var layer1: AttentionLayerCache<Scalar>
        /// Layer 1's output after ELU, before dropout, `nodes × width`.
        var hidden: [Scalar]
        var layer2: AttentionLayerCache<Scalar>
        /// Softmax of layer 2's output, `nodes × classCount`.
        var probabilities: [Scalar]
    }

    /// Runs both layers.
    /// - Complexity: O(n·d·H·F + E·H·F + n·H·F·C + E·C) for n nodes, E edges.
    static func forward<Scalar: NetworkScalar>(
        parameters: GATParameters<Scalar>, graph: AttentionGraph, features: [Scalar],
        masks: DropoutMasks<Scalar>, context: ExecutionContext, reference: Bool = false
    ) -> Forward<Scalar> {
        let shape = parameters.shape, n = graph.nodeCount
        precondition(features.count == n * shape.inputDimension)
        return parameters.withLayers { first, second in
            let input1 = applyMask(features, masks.input1)
            let layer1 = AttentionLayer.forward(graph: graph, input: input1, inputWidth: shape.inputDimension,
                                                heads: shape.heads, headWidth: shape.hidden, weights: first,
                                                attentionMask: masks.attention1, context: context,
                                                reference: reference)
            var hidden = layer1.output
            hidden.withUnsafeMutableBufferPointer { h in
                if !reference && Scalar.self == Float.self, let start = h.baseAddress, !h.isEmpty {
                    gais_gat_elu(UnsafeMutableRawPointer(start).assumingMemoryBound(to: Float.self), h.count)
                } else {
                    for k in 0 ..< h.count where !(h[k] > 0) { h[k] = Scalar.exponential(h[k]) - 1 }
                }
            }
            let input2 = applyMask(hidden, masks.input2)
            let layer2 = AttentionLayer.forward(graph: graph, input: input2, inputWidth: shape.width,
                                                heads: 1, headWidth: shape.classCount, weights: second,
                                                attentionMask: masks.attention2, context: context,
                                                reference: reference)
            let probabilities = softmaxRows(layer2.output, columns: shape.classCount)
            return Forward(layer1: layer1, hidden: hidden, layer2: layer2, probabilities: probabilities)
        }
    }

    /// Weighted cross-entropy Σ_i w_i (−log p_i,y_i) / Σ_i w_i, PyTorch's
    /// `CrossEntropyLoss(weight:)` convention (`w_i` is the class weight of node i, or 0 for
    /// nodes outside the loss). Returns the numerator and denominator separately so losses over
    /// several groups can be pooled.
    static func weightedLoss<Scalar: NetworkScalar>(
        logits: [Scalar], classCount: Int, labels: [Int32], nodeWeights: [Scalar]
    ) -> (sum: Scalar, weight: Scalar) {
        var sum: Scalar = 0, weight: Scalar = 0
        for i in labels.indices where nodeWeights[i] != 0 {
            sum += nodeWeights[i] * negativeLogLikelihood(logits, row: i, classCount: classCount, label: Int(labels[i]))
            weight += nodeWeights[i]
        }
        return (sum, weight)
    }

    /// The loss and its gradient with respect to every parameter (same layout as the
    /// parameters) and, on request, to the input features.
    static func lossAndGradient<Scalar: NetworkScalar>(
        parameters: GATParameters<Scalar>, graph: AttentionGraph, features: [Scalar], labels: [Int32],
        nodeWeights: [Scalar], masks: DropoutMasks<Scalar>, needsInputGradient: Bool = false, context: ExecutionContext,
        reference: Bool = false
    ) -> (loss: Scalar, gradient: [Scalar], inputGradient: [Scalar]) {
        let shape = parameters.shape, n = graph.nodeCount, classes = shape.classCount
        precondition(labels.count == n && nodeWeights.count == n)
        let pass = forward(parameters: parameters, graph: graph, features: features, masks: masks, context: context,
                           reference: reference)
        let (sum, totalWeight) = weightedLoss(logits: pass.layer2.output, classCount: classes, labels: labels,
                                              nodeWeights: nodeWeights)
        var gradient = [Scalar](repeating: 0, count: shape.count)
        guard totalWeight > 0 else {
            return (0, gradient, needsInputGradient ? [Scalar](repeating: 0, count: features.count) : [])
        }
        // ∂loss/∂logits = w_i (p_i − onehot(y_i)) / Σ w.
        var logitGradient = [Scalar](repeating: 0, count: n * classes)
        for i in 0 ..< n where nodeWeights[i] != 0 {
            let scale = nodeWeights[i] / totalWeight
            for c in 0 ..< classes {
                logitGradient[i * classes + c] = scale * pass.probabilities[i * classes + c]
            }
            logitGradient[i * classes + Int(labels[i])] -= scale
        }
        var inputGradient: [Scalar] = []
        parameters.withLayers { first, second in
            gradient.withUnsafeMutableBufferPointer { all in
                let grads2 = AttentionLayerGradients(all, weight: shape.w2, attentionSource: shape.attentionSource2,
                                                     attentionTarget: shape.attentionTarget2, bias: shape.bias2)
                var hiddenGradient = AttentionLayer.backward(
                    graph: graph, cache: pass.layer2, outputGradient: logitGradient, inputWidth: shape.width,
                    heads: 1, headWidth: classes, weights: second, attentionMask: masks.attention2,
                    gradients: grads2, needsInputGradient: true, context: context, reference: reference)
                // Through dropout and ELU (ELU'(x) = 1 for x > 0, else e^x = ELU(x) + 1).
                hiddenGradient.withUnsafeMutableBufferPointer { g in
                    pass.layer1.output.withUnsafeBufferPointer { before in
                        pass.hidden.withUnsafeBufferPointer { after in
                            masks.input2.withUnsafeBufferPointer { mask in
                                if !mask.isEmpty { for k in 0 ..< g.count { g[k] *= mask[k] } }
                                if !reference && Scalar.self == Float.self, let gStart = g.baseAddress,
                                   let beforeStart = before.baseAddress, let afterStart = after.baseAddress {
                                    gais_gat_elu_backward(UnsafeMutableRawPointer(gStart).assumingMemoryBound(to: Float.self),
                                                          UnsafeRawPointer(beforeStart).assumingMemoryBound(to: Float.self),
                                                          UnsafeRawPointer(afterStart).assumingMemoryBound(to: Float.self),
                                                          g.count)
                                } else {
                                    for k in 0 ..< g.count where !(before[k] > 0) { g[k] *= after[k] + 1 }
                                }
                            }
                        }
                    }
                }
                let grads1 = AttentionLayerGradients(all, weight: shape.w1, attentionSource: shape.attentionSource1,
                                                     attentionTarget: shape.attentionTarget1, bias: shape.bias1)
                inputGradient = AttentionLayer.backward(
                    graph: graph, cache: pass.layer1, outputGradient: hiddenGradient,
                    inputWidth: shape.inputDimension, heads: shape.heads, headWidth: shape.hidden,
                    weights: first, attentionMask: masks.attention1, gradients: grads1,
                    needsInputGradient: needsInputGradient, context: context, reference: reference)
            }
        }
        if needsInputGradient { inputGradient = applyMask(inputGradient, masks.input1) }
        return (sum / totalWeight, gradient, inputGradient)
    }

    static func applyMask<Scalar: NetworkScalar>(_ values: [Scalar], _ mask: [Scalar]) -> [Scalar] {
        guard !mask.isEmpty else { return values }
        precondition(mask.count == values.count)
        var result = values
        result.withUnsafeMutableBufferPointer { r in
            mask.withUnsafeBufferPointer { m in
                for k in 0 ..< r.count { r[k] *= m[k] }
            }
        }
        return result
    }

    /// Row-wise softmax with the row maximum subtracted first.
    static func softmaxRows<Scalar: NetworkScalar>(_ logits: [Scalar], columns: Int) -> [Scalar] {
        var result = logits
        let rows = columns == 0 ? 0 : logits.count / columns
        for i in 0 ..< rows {
            var maximum = -Scalar.infinity
            for c in 0 ..< columns { maximum = max(maximum, logits[i * columns + c]) }
            var total: Scalar = 0
            for c in 0 ..< columns {
                let v = Scalar.exponential(logits[i * columns + c] - maximum)
                result[i * columns + c] = v
                total += v
            }
            for c in 0 ..< columns { result[i * columns + c] /= total }
        }
        return result
    }

    /// −log softmax(logits_row)[label], computed stably.
    static func negativeLogLikelihood<Scalar: NetworkScalar>(_ logits: [Scalar], row: Int, classCount: Int,
                                                             label: Int) -> Scalar {
        let base = row * classCount
        var maximum = -Scalar.infinity
        for c in 0 ..< classCount { maximum = max(maximum, logits[base + c]) }
        var total: Scalar = 0
        for c in 0 ..< classCount { total += Scalar.exponential(logits[base + c] - maximum) }
        return Scalar.logarithm(total) - (logits[base + label] - maximum)
    }
}
