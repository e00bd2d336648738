import GAISCore

/// Min-max scaling fitted on one table and applied to others, as scikit-learn's
/// `MinMaxScaler()`: `x' = (x − min_j) / (max_j − min_j)`, with a constant feature only
/// shifted (`x' = x − min_j`). Values outside the fitted range are not clipped, so test rows can
/// fall outside [0, 1].
public struct MinMaxScaler: Sendable, Equatable {
    /// Smallest training value of each feature.
    public let minimums: [Float]
    /// `1 / (max − min)` per feature, or 1 for a constant feature.
    public let scales: [Float]

    /// Fits the per-feature range of `features` (row-major, `featureCount` values a row).
    /// An empty table gives the identity scaling.
    /// - Complexity: O(n · d).
    public init(fitting features: [Float], featureCount d: Int) {
        var low = [Float](repeating: .infinity, count: d)
        var high = [Float](repeating: -.infinity, count: d)
        let rows = d > 0 ? features.count / d : 0
        features.withUnsafeBufferPointer { x in
            for i in 0..<rows {
                for j in 0..<d {
                    let v = x[i * d + j]
                    low[j] = min(low[j], v)
                    high[j] = max(high[j], v)
                }
            }
        }
        var scales = [Float](repeating: 1, count: d)
        for j in 0..<d {
            if rows == 0 { low[j] = 0; continue }
            let range = high[j] - low[j]
            if range > 0 && range.isFinite { scales[j] = 1 / range }
        }
        minimums = low
        self.scales = scales
    }

    /// Fits on a dataset's features.
    public init(fitting data: Dataset) {
        self.init(fitting: data.features, featureCount: data.featureCount)
    }

    /// The scaled copy of `features` (row-major, same feature count as fitted).
    /// - Complexity: O(n · d).
    public func transform(_ features: [Float]) -> [Float] {
        let d = minimums.count
        guard d > 0 else { return features }
        var out = features
        out.withUnsafeMutableBufferPointer { x in
            let rows = x.count / d
            for i in 0..<rows {
                for j in 0..<d { x[i * d + j] = (x[i * d + j] - minimums[j]) * scales[j] }
            }
        }
        return out
    }

    /// The dataset with scaled features.
    public func transform(_ data: Dataset) -> Dataset {
        var scaled = data
        scaled.features = transform(data.features)
        return scaled
    }
}
