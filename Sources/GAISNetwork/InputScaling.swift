/// A per-column affine map of the network's input, x ↦ (x − center) · scale, computed in
/// Double and rounded to Float.
///
/// The network applies it to each row as the row is gathered into a group's batch, so a scaled
/// copy of the whole matrix is never stored: at a million rows × 50 features that saves 200 MB
/// and the time to write it. `GAISScoring.Standardization` builds the z-score map.
public struct InputScaling: Sendable, Equatable {
    /// Subtracted from each column.
    public let center: [Double]
    /// Multiplies each centred column.
    public let scale: [Double]

    /// - Precondition: `center.count == scale.count`.
    public init(center: [Double], scale: [Double]) {
        precondition(center.count == scale.count, "one center and one scale per column")
        self.center = center
        self.scale = scale
    }

    /// Number of columns.
    public var columnCount: Int { center.count }

    /// The scaled value of `x` in column `column`.
    @inlinable
    public func apply(_ x: Float, column: Int) -> Float {
        Float((Double(x) - center[column]) * scale[column])
    }

    /// Copies `count` values starting at `source` into `target`, scaling each by its column
    /// (`source` and `target` start at the beginning of a row).
    @inlinable
    func applyRow(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>) {
        center.withUnsafeBufferPointer { center in
            scale.withUnsafeBufferPointer { scale in
                for j in 0 ..< center.count {
                    target[j] = Float((Double(source[j]) - center[j]) * scale[j])
                }
            }
        }
    }

    /// The whole row-major matrix, scaled.
    public func applied(to features: [Float]) -> [Float] {
        let d = columnCount
        precondition(d > 0 && features.count % d == 0)
        return [Float](unsafeUninitializedCapacity: features.count) { out, initialized in
            features.withUnsafeBufferPointer { x in
                var i = 0
                while i < features.count {
                    applyRow(x.baseAddress! + i, to: out.baseAddress! + i)
                    i += d
                }
            }
            initialized = features.count
        }
    }
}
