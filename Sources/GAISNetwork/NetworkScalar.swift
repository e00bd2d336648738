import GAISCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The floating-point types the network's kernels run in: `Float` for training and inference,
/// `Double` for the finite-difference gradient checks (the kernels are generic so the checks
/// exercise exactly the code that trains).
protocol NetworkScalar: BinaryFloatingPoint, Sendable {
    /// e^x.
    static func exponential(_ x: Self) -> Self
    /// The natural logarithm.
    static func logarithm(_ x: Self) -> Self
}

extension Float: NetworkScalar {
    @inline(__always) static func exponential(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func logarithm(_ x: Float) -> Float { logf(x) }
}

extension Double: NetworkScalar {
    @inline(__always) static func exponential(_ x: Double) -> Double { exp(x) }
    @inline(__always) static func logarithm(_ x: Double) -> Double { log(x) }
}

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
