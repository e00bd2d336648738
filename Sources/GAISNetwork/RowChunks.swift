import GAISCore

/// Runs `body` over `0..<count` either in one piece or in fixed chunks on all cores.
///
/// Every kernel that calls this computes each output from its own inputs in a fixed order, so
/// the chunking (and whether it runs in parallel at all) never changes a single bit.
@inline(__always)
func forEachRowChunk(_ count: Int, grain: Int, parallel: Bool, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    if parallel && count > grain {
        Parallel.forEachChunk(count: count, grain: grain, body)
    } else {
        body(0 ..< count)
    }
}
