/// The per-row importance scores of method.md §4, computed from a trained network's output.
///
/// With a_j the normalised attention row j receives (1 = as much as an average neighbour),
/// c_j = p(y_j | j) the probability of the row's own class, and m_j = c_j − max_{k≠y_j} p(k | j)
/// the margin in [−1, 1]:
/// - `attention`: a_j (the 2025 paper's score);
/// - `confidence`: c_j (the 2024 paper's score);
/// - `margin`: m_j;
/// - `boundary`: a_j·(1 − m_j), attended rows near the class boundary;
/// - `attentionConfidence`: a_j·c_j;
/// - `attentionMargin`: a_j·(1 + m_j)/2 (the margin moved to [0, 1] so the product keeps its order).
/// Higher is more important under every score.
///
/// In this project's comparison (12 bundled sets, `cover` with tolerance, 1-NN), every
/// attention-based score — high or low attention, layer 1 or 2, alone or times confidence — kept
/// worse rows than the no-network `centroid` rule; `confidence` (and `margin`) beat it.
public enum ImportanceScore: String, CaseIterable, Sendable {
    case attention
    case confidence
    case margin
    case boundary
    case attentionConfidence = "attention-confidence"
    case attentionMargin = "attention-margin"

    /// Whether the score reads the attention the rows receive.
    public var usesAttention: Bool {
        switch self {
        case .confidence, .margin: return false
        default: return true
        }
    }

    /// The score of every row.
    /// - Parameters:
    ///   - probabilities: row-major `n × classCount` class probabilities.
    ///   - labels: class of each row, in `0..<classCount`.
    ///   - attention: normalised attention received per row (`n` values); may be empty when
    ///     `usesAttention` is false.
    /// - Complexity: O(n·classCount).
    public func values(probabilities: [Float], classCount: Int, labels: [Int32], attention: [Float]) -> [Float] {
        let n = labels.count
        precondition(probabilities.count == n * classCount && (!usesAttention || attention.count == n))
        var result = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let own = Int(labels[i])
            let confidence = probabilities[i * classCount + own]
            var other: Float = 0
            for k in 0..<classCount where k != own { other = max(other, probabilities[i * classCount + k]) }
            let margin = confidence - other
            switch self {
            case .attention: result[i] = attention[i]
            case .confidence: result[i] = confidence
            case .margin: result[i] = margin
            case .boundary: result[i] = attention[i] * (1 - margin)
            case .attentionConfidence: result[i] = attention[i] * confidence
            case .attentionMargin: result[i] = attention[i] * (1 + margin) / 2
            }
        }
        return result
    }
}

/// A local search run after the per-class rule.
public enum Refinement: String, CaseIterable, Sendable {
    /// `swap` on inputs of at most `SwapRefinement.autoRows` rows, `none` on larger ones.
    case auto
    /// The rule's rows as they are.
    case none
    /// `SwapRefinement`: swaps within classes that raise the kept rows' 1-NN agreement.
    case swap
}

/// The labelling the swap search makes the kept rows' 1-NN reproduce.
public enum RefinementTarget: String, CaseIterable, Sendable {
    /// The given labels.
    case labels
    /// The network's most probable class of each row (a distillation of the network).
    case network
    /// The labels, counted only on the rows whose label the network also predicts: rows the
    /// network takes for another class (likely noise or overlap) neither reward nor cost a swap.
    case agreed
}

/// The order of the swap search's candidates.
public enum RefinementOrder: String, CaseIterable, Sendable {
    /// A seeded random order.
    case random
    /// The network's score of each row, highest first (ties in the seeded order).
    case score
    /// The network's score, lowest first: the rows it is least sure of.
    case unsure
}

/// How the rows of a class are chosen once scored (method.md §5).
public enum SelectionRule: String, CaseIterable, Sendable {
    /// Split the class into q_c groups by k-means and keep the highest-scoring row of each.
    case cover
    /// Keep the q_c highest-scoring rows (the papers' rule), optionally spread over the graph.
    case top
    /// Keep the row nearest each k-means group's centre: no graph, no network (the baseline
    /// the scores must beat).
    case centroid
}

/// The space the `cover` rule's k-means groups are formed in.
public enum CoverSpace: String, CaseIterable, Sendable {
    /// The encoded features.
    case features
    /// The network's first-layer output (H·F values per row).
    case hidden
}
