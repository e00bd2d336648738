/// A small, fast, seedable random number generator (SplitMix64, Steele, Lea & Flood 2014).
///
/// The standard library's `SystemRandomNumberGenerator` cannot be seeded, so every random choice
/// in GAIS (shuffles, initial weights, dropout masks, k-means seeds) draws from this generator.
/// The same seed always produces the same sequence, on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// Creates a generator from a 64-bit seed. Every seed, including 0, is valid.
    @inlinable
    public init(seed: UInt64) {
        state = seed
    }

    /// Derives an independent generator for a sub-task (a fold, a batch, a thread's chunk),
    /// so results never depend on the order in which sub-tasks run.
    @inlinable
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next() ^ stream
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<upperBound` (Lemire's nearly divisionless method).
    /// - Precondition: `upperBound > 0`.
    @inlinable
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// A uniform `Float` in `[0, 1)` with 24 random bits.
    @inlinable
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal sample (Box–Muller; one of the pair is discarded for simplicity).
    @inlinable
    public mutating func nextGaussian() -> Double {
        var u = nextDouble()
        while u <= .leastNormalMagnitude { u = nextDouble() }
        let v = nextDouble()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }

    /// Shuffles `array` in place (Fisher–Yates). Written out rather than using
    /// `shuffle(using:)` so the permutation for a seed is fixed by this code, not by the
    /// standard library's implementation.
    @inlinable
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count
        while i > 1 {
            let j = nextInt(below: i)
            i -= 1
            array.swapAt(i, j)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline func _log(_ x: Double) -> Double { log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { cos(x) }
