/// Squared Euclidean distance between two rows stored contiguously, vectorised with SIMD8.
public enum EuclideanDistance {
    /// `Σ (a[j] − b[j])²` over `count` values.
    /// - Complexity: O(count).
    @inlinable
    public static func squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
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
