/// Squared Euclidean distances between rows stored contiguously: the one place the library
/// computes them, in two summation orders.
///
/// - `inOrder`: Σ (a[j] − b[j])² summed in dimension order; what the exact neighbour search and
///   the classic selectors use, so their answers are reproducible by any scalar loop.
/// - `vectorised`: eight lanes (SIMD8) then a horizontal sum; what the graph builders and the
///   k-means use, where only speed matters and the order is fixed by this code.
public enum SquaredDistance {
    /// Σ (a[j] − b[j])² over `dimension` values, in dimension order.
    /// - Complexity: O(dimension).
    @inlinable
    public static func inOrder(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Float {
        var d: Float = 0
        for j in 0..<dimension {
            let diff = a[j] - b[j]
            d += diff * diff
        }
        return d
    }

    /// `inOrder` from `x` to four rows at once: four independent sums, each bit-identical to
    /// `inOrder`, so the processor overlaps the four dependency chains.
    @inlinable @inline(__always)
    public static func inOrder(from x: UnsafePointer<Float>, to p0: UnsafePointer<Float>, _ p1: UnsafePointer<Float>,
                               _ p2: UnsafePointer<Float>, _ p3: UnsafePointer<Float>, dimension d: Int)
        -> (Float, Float, Float, Float) {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        for j in 0..<d {
            let t0 = x[j] - p0[j], t1 = x[j] - p1[j], t2 = x[j] - p2[j], t3 = x[j] - p3[j]
            s0 += t0 * t0
            s1 += t1 * t1
            s2 += t2 * t2
            s3 += t3 * t3
        }
        return (s0, s1, s2, s3)
    }

    /// Σ (a[j] − b[j])² over `count` values, eight lanes at a time.
    /// - Complexity: O(count).
    @inlinable
    public static func vectorised(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var accumulator = SIMD8<Float>()
        var j = 0
        while j + 8 <= count {
            let va = UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self)
            let vb = UnsafeRawPointer(b + j).loadUnaligned(as: SIMD8<Float>.self)
            let difference = va - vb
            accumulator += difference * difference
            j += 8
        }
        var sum = accumulator.sum()
        while j < count {
            let difference = a[j] - b[j]
            sum += difference * difference
            j += 1
        }
        return sum
    }
}
