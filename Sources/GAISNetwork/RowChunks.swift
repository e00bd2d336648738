import GAISCore

/// Runs `body` over `0..<count` either in one piece or in fixed chunks on the context's threads.
///
/// Every kernel that calls this computes each output from its own inputs in a fixed order, so
/// the chunking (and whether it runs in parallel at all) never changes a single bit.
@inline(__always)
func forEachRowChunk(_ count: Int, grain: Int, context: ExecutionContext, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    if context.threads > 1 && count > grain {
        Parallel.forEachChunk(count: count, grain: grain, context: context, body)
    } else {
        body(0 ..< count)
    }
}
