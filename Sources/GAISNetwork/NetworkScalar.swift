#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GAISKernels

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
    /// `gais_expf`: glibc's expf algorithm with fused multiply-adds, the same bits on every
    /// machine, and the function the C kernels inline (so kernels and reference agree).
    @inline(__always) static func exponential(_ x: Float) -> Float { gais_expf(x) }
    @inline(__always) static func logarithm(_ x: Float) -> Float { logf(x) }
}

extension Double: NetworkScalar {
    @inline(__always) static func exponential(_ x: Double) -> Double { exp(x) }
    @inline(__always) static func logarithm(_ x: Double) -> Double { log(x) }
}
