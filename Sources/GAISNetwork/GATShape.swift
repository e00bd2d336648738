/// Sizes of the network and where each parameter tensor lives in the flat parameter vector.
///
/// Layer 1 maps `inputDimension` features to `heads × hidden` (concatenated); layer 2 maps
/// those to `classCount` logits with one head. Weights are row-major `fanIn × fanOut`, so
/// `x · W` walks rows of `W` contiguously.
struct GATShape: Sendable, Equatable {
    let inputDimension: Int
    let heads: Int
    let hidden: Int
    let classCount: Int

    /// Width of layer 1's output, `heads × hidden`.
    var width: Int { heads * hidden }

    let w1: Range<Int>
    let attentionSource1: Range<Int>
    let attentionTarget1: Range<Int>
    let bias1: Range<Int>
    let w2: Range<Int>
    let attentionSource2: Range<Int>
    let attentionTarget2: Range<Int>
    let bias2: Range<Int>
    /// Total number of parameters.
    let count: Int

    init(inputDimension: Int, heads: Int, hidden: Int, classCount: Int) {
        self.inputDimension = inputDimension
        self.heads = heads
        self.hidden = hidden
        self.classCount = classCount
        let width = heads * hidden
        var next = 0
        func take(_ size: Int) -> Range<Int> {
            defer { next += size }
            return next ..< next + size
        }
        w1 = take(inputDimension * width)
        attentionSource1 = take(width)
        attentionTarget1 = take(width)
        bias1 = take(width)
        w2 = take(width * classCount)
        attentionSource2 = take(classCount)
        attentionTarget2 = take(classCount)
        bias2 = take(classCount)
        count = next
    }

    /// Every tensor with its name, in storage order (for tests and diagnostics).
    var tensors: [(name: String, range: Range<Int>)] {
        [("W1", w1), ("a_src1", attentionSource1), ("a_dst1", attentionTarget1), ("b1", bias1),
         ("W2", w2), ("a_src2", attentionSource2), ("a_dst2", attentionTarget2), ("b2", bias2)]
    }
}
