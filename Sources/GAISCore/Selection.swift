/// What a selector returns: the kept rows and what it cost. Immutable; selectors keep no
/// fitted state.
public struct Selection: Sendable {
    /// Kept row indices, ascending and unique, in `0..<rowCount` of the input.
    public let indices: [Int]
    /// Importance score of every input row, when the selector computes one (GAIS does).
    public let scores: [Float]?
    /// Seconds spent per stage, in the order the stages ran (e.g. `("graph", 0.12)`).
    public let stageSeconds: [(stage: String, seconds: Double)]
    /// Extra facts for the report (graph edges, epochs trained, …), as printable values.
    public let details: [(key: String, value: String)]

    public init(indices: [Int], scores: [Float]? = nil,
                stageSeconds: [(stage: String, seconds: Double)] = [],
                details: [(key: String, value: String)] = []) {
        self.indices = indices
        self.scores = scores
        self.stageSeconds = stageSeconds
        self.details = details
    }
}

/// An instance selector: validates its parameters, then picks rows of a dataset.
///
/// Conforming types are `Sendable` configuration structs with defaults; `select(from:seed:)`
/// must be deterministic for a seed, whatever the number of threads, and must keep at least one
/// row of every class present in the input.
public protocol InstanceSelector: Sendable {
    /// The `--method` name, e.g. `"enn"`.
    static var methodName: String { get }
    /// Parameters as (name, value) pairs for reports.
    var parameters: [(name: String, value: String)] { get }
    /// Checks the parameters; throws `GAISError.invalidParameter` for a bad one.
    func validate() throws
    /// Selects rows of `data`.
    /// - Throws: `GAISError` when the input cannot be selected from (empty, one class) or a
    ///   parameter is invalid.
    func select(from data: Dataset, seed: UInt64) throws -> Selection
}

extension InstanceSelector {
    public func validate() throws {}

    /// Checks what every selector needs of its input: rows, and at least two classes.
    public func checkInput(_ data: Dataset) throws {
        guard data.rowCount > 0 else { throw GAISError.invalidInput("the data set has no rows") }
        let present = data.classCounts.filter { $0 > 0 }.count
        guard present >= 2 else {
            throw GAISError.invalidInput("the data set has a single class; instance selection needs at least two")
        }
    }
}
