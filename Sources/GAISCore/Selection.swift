/// What a selector returns: the kept rows and what it cost. Immutable; selectors keep no
/// fitted state.
public struct Selection: Sendable {
    /// Kept row indices, ascending and unique, in `0..<rowCount` of the input.
    public let indices: [Int]
    /// Importance score of every input row, when the selector computes one (GAIS does).
    public let scores: [Float]?
    /// Seconds spent per stage, in the order the stages ran (e.g. `("graph", 0.12)`).
    public let stageSeconds: [(stage: String, seconds: Double)]
    /// What the selector found on the way (graph statistics, epochs, passes), typed by the
    /// selector (e.g. `GAISReport`); nil when it has nothing to tell.
    public let report: (any SelectorReport)?
    /// For selectors that form groups (the k-means groups of `prototypes` and of GAIS's
    /// `cover` and `centroid` rules): the kept row that stands for each input row, a kept row
    /// of the same class (a kept row stands for itself). nil for the other selectors; see
    /// `RowWeights` for the weights derived from it.
    public let representatives: [Int]?

    public init(indices: [Int], scores: [Float]? = nil,
                stageSeconds: [(stage: String, seconds: Double)] = [], report: (any SelectorReport)? = nil,
                representatives: [Int]? = nil) {
        self.indices = indices
        self.scores = scores
        self.stageSeconds = stageSeconds
        self.report = report
        self.representatives = representatives
    }
}

/// A selector whose size the caller chooses (`keep-ratio`, `reduction`, `keep`): what a size
/// search (`KeepRatioSearch`) needs to try several sizes of one configuration.
public protocol SizedSelector: InstanceSelector {
    /// Rows kept per class.
    var size: SubsetSize { get set }
}

/// Facts a selector reports about one run, rendered into the JSON report's `details`.
public protocol SelectorReport: Sendable {
    /// The facts as a JSON object.
    var json: JSONValue { get }
}

/// A selector's count of rounds or passes (RENN, ICF, CNN).
public struct IterationReport: SelectorReport {
    /// What is counted (`passes`, `rounds`).
    public let name: String
    public let count: Int
    public init(_ name: String, _ count: Int) {
        self.name = name
        self.count = count
    }
    public var json: JSONValue { .object([(name, .int(count))]) }
}

/// What a selector's algorithm hands back to the contract.
public struct SelectorOutput: Sendable {
    /// Kept rows, in any order (the contract sorts them and checks them).
    public var indices: [Int]
    public var scores: [Float]?
    public var report: (any SelectorReport)?
    /// The kept row that stands for each input row, for selectors that form groups (see
    /// `Selection.representatives`); the contract checks it.
    public var representatives: [Int]?

    public init(indices: [Int], scores: [Float]? = nil, report: (any SelectorReport)? = nil,
                representatives: [Int]? = nil) {
        self.indices = indices
        self.scores = scores
        self.report = report
        self.representatives = representatives
    }
}

/// Where one selection runs: the execution context, progress, and the stage clock.
public final class SelectionRun: @unchecked Sendable {
    /// Threads and kernel path.
    public let context: ExecutionContext
    /// Told what the selection is doing ("training: epoch 57, best 50"); never changes the result.
    public let progress: (@Sendable (String) -> Void)?
    // Touched only by the thread that runs the selector's algorithm.
    private var stopwatch = Stopwatch()
    private(set) var stages: [(stage: String, seconds: Double)] = []

    public init(context: ExecutionContext, progress: (@Sendable (String) -> Void)? = nil) {
        self.context = context
        self.progress = progress
    }

    /// Tells the progress display what is happening.
    public func report(_ text: String) { progress?(text) }

    /// Ends the stage `name`: records the seconds since the previous stage ended (or the run
    /// began).
    public func endStage(_ name: String) { stages.append((name, stopwatch.lap())) }
}

/// An instance selector: a `Sendable` configuration struct with defaults, whose parameters are
/// described once in `parameterTable`, and whose algorithm is `run(on:seed:in:)`.
///
/// Callers use `select(from:seed:context:progress:)`, the one entry point, shaped like
/// imbalanced-learn's `fit_resample` → `_fit_resample`: it validates the parameters, checks the
/// input, times the stages, runs the algorithm, completes and checks the result. A selector
/// implements only its algorithm.
public protocol InstanceSelector: Sendable {
    /// The method's name, e.g. `"enn"` (for a type with variants, the default variant's).
    static var methodName: String { get }
    /// Every parameter, described once.
    static var parameterTable: ParameterTable<Self> { get }
    /// The name of this configuration's variant (`gais-lsh`, …); `methodName` by default.
    var variantName: String { get }
    /// Whether the algorithm needs at least one feature (neighbour-based selectors do).
    var needsFeatures: Bool { get }
    /// Rows the method keeps per class for these class sizes, when it promises a size; nil
    /// when it finds its own size (editing and condensing selectors).
    func promisedQuotas(classCounts: [Int]) -> [Int]?
    /// The algorithm alone, on checked parameters and input: at least one row, two classes,
    /// and at least one feature when `needsFeatures`. Ends its stages on `run`.
    func run(on data: Dataset, seed: Seed, in run: SelectionRun) throws -> SelectorOutput
}

extension InstanceSelector {
    public var variantName: String { Self.methodName }
    public var needsFeatures: Bool { true }
    public func promisedQuotas(classCounts: [Int]) -> [Int]? { nil }

    /// Checks every parameter against its description; throws `GAISError.invalidParameter`
    /// (or another parameter error) for the first bad one.
    public func validate() throws { try Self.parameterTable.validate(self, variant: variantName) }

    /// The parameters that apply, as (name, value) pairs for reports.
    public var parameters: [(name: String, value: String)] {
        Self.parameterTable.values(of: self, variant: variantName)
    }

    /// Checks what every selector needs of its input: rows, at least two classes, and features
    /// when the algorithm needs them.
    public func checkInput(_ data: Dataset) throws {
        guard data.rowCount > 0 else { throw GAISError.invalidInput("the data set has no rows") }
        let present = data.classCounts.indices.filter { data.classCounts[$0] > 0 }
        guard present.count >= 2 else {
            throw GAISError.invalidInput("only one class ('\(GAISError.quoted(data.classNames[present[0]]))'); instance selection needs at least two")
        }
        if needsFeatures && data.featureCount == 0 {
            throw GAISError.invalidInput("every feature column is constant; nothing to select on")
        }
    }

    /// Selects rows of `data`.
    ///
    /// Validates the parameters, checks the input, runs the algorithm on `context` (threads,
    /// kernel path), then: sorts the kept rows; refuses (as `GAISError.contractViolation`) rows
    /// out of range or repeated, and per-class counts other than `promisedQuotas`; and, for
    /// methods that find their own size, gives a class the algorithm emptied its row nearest
    /// the class mean, so every class present in the input is kept.
    /// - Parameters:
    ///   - seed: the root of the seed tree; the same seed gives the same rows whatever the
    ///     context.
    ///   - progress: told what the selection is doing, for progress displays.
    /// - Throws: `GAISError.invalidParameter` (and the other parameter errors) for a bad
    ///   parameter, `GAISError.invalidInput` for input it cannot select from.
    public func select(from data: Dataset, seed: UInt64 = 0, context: ExecutionContext = .allCores,
                       progress: (@Sendable (String) -> Void)? = nil) throws -> Selection {
        try validate()
        try checkInput(data)
        let run = SelectionRun(context: context, progress: progress)
        let output = try self.run(on: data, seed: Seed(seed), in: run)
        if run.stages.isEmpty { run.endStage("select") }
        let indices = try completed(output.indices, of: data)
        if let scores = output.scores, scores.count != data.rowCount {
            throw GAISError.contractViolation(method: variantName,
                                              message: "returned \(scores.count) scores for \(data.rowCount) rows")
        }
        if let representatives = output.representatives {
            try checkRepresentatives(representatives, kept: indices, of: data)
        }
        return Selection(indices: indices, scores: output.scores, stageSeconds: run.stages, report: output.report,
                         representatives: output.representatives)
    }

    /// Refuses representatives that are not, for every row, a kept row of the row's class
    /// (each kept row standing for itself).
    func checkRepresentatives(_ representatives: [Int], kept: [Int], of data: Dataset) throws {
        guard representatives.count == data.rowCount else {
            throw GAISError.contractViolation(method: variantName,
                                              message: "returned \(representatives.count) representatives for \(data.rowCount) rows")
        }
        var isKept = [Bool](repeating: false, count: data.rowCount)
        for i in kept { isKept[i] = true }
        for (row, representative) in representatives.enumerated() {
            let valid = representative >= 0 && representative < data.rowCount && isKept[representative]
                && data.labels[representative] == data.labels[row] && (!isKept[row] || representative == row)
            if !valid {
                throw GAISError.contractViolation(method: variantName,
                                                  message: "row \(row) is represented by \(representative), not a kept row of its class")
            }
        }
    }

    /// The kept rows sorted, checked, and (for methods without a promised size) completed with
    /// a row of every class the algorithm emptied.
    func completed(_ kept: [Int], of data: Dataset) throws -> [Int] {
        var indices = kept.sorted()
        if let bad = indices.first(where: { $0 < 0 || $0 >= data.rowCount }) {
            throw GAISError.contractViolation(method: variantName, message: "kept row \(bad) of \(data.rowCount)")
        }
        if let i = indices.indices.dropFirst().first(where: { indices[$0] == indices[$0 - 1] }) {
            throw GAISError.contractViolation(method: variantName, message: "kept row \(indices[i]) twice")
        }
        var keptPerClass = [Int](repeating: 0, count: data.classCount)
        for i in indices { keptPerClass[Int(data.labels[i])] += 1 }
        let counts = data.classCounts
        if let quotas = promisedQuotas(classCounts: counts) {
            if quotas != keptPerClass {
                throw GAISError.contractViolation(method: variantName,
                                                  message: "kept \(keptPerClass) rows per class, promised \(quotas)")
            }
            return indices
        }
        var added = false
        for c in 0..<data.classCount where counts[c] > 0 && keptPerClass[c] == 0 {
            indices.append(data.rowNearestMean(ofClass: c))
            added = true
        }
        if added { indices.sort() }
        return indices
    }
}

extension Dataset {
    /// The row of class `c` nearest (squared Euclidean, `SquaredDistance.inOrder`) to the
    /// class's mean, ties to the smaller row; −1 for a class with no rows.
    /// - Complexity: O(n · d).
    public func rowNearestMean(ofClass c: Int) -> Int {
        let rows = (0..<rowCount).filter { Int(labels[$0]) == c }
        guard let first = rows.first else { return -1 }
        let d = featureCount
        var mean = [Double](repeating: 0, count: d)
        for r in rows { for j in 0..<d { mean[j] += Double(features[r * d + j]) } }
        let center = mean.map { Float($0 / Double(rows.count)) }
        var best = first
        var bestD = Float.infinity
        features.withUnsafeBufferPointer { f in
            center.withUnsafeBufferPointer { m in
                guard let base = f.baseAddress, let centre = m.baseAddress else { return }
                for r in rows {
                    let dist = SquaredDistance.inOrder(base + r * d, centre, dimension: d)
                    if dist < bestD { bestD = dist; best = r }
                }
            }
        }
        return best
    }
}
