import GAISCore

/// The order in which the readers list class names and the categories of a text column:
/// numerically when every name is a number, else by text. Data that arrive as names rather than
/// as a file (the C interface, the Python package) are put in this order too, so their encoding
/// and their selection are those of the same rows read from a file.
public enum NameOrder {
    /// `names` in the readers' order (the same rule as the CSV/KEEL/ARFF parser's dictionaries).
    public static func sorted(_ names: [String]) -> [String] {
        let numbers = names.map { Double($0) }
        if numbers.allSatisfy({ $0 != nil }) {
            return zip(names, numbers).sorted { ($0.1!, $0.0) < ($1.1!, $1.0) }.map { $0.0 }
        }
        return names.sorted()
    }

    /// For names given in some order, where each goes in the readers' order: `result[k]` is the
    /// new position of `names[k]`.
    /// - Throws: `GAISError.invalidInput` when a name appears twice (`what` names the list in
    ///   the message, e.g. "class names").
    public static func permutation(of names: [String], what: String) throws -> [Int32] {
        var position = [String: Int32]()
        for (k, name) in sorted(names).enumerated() {
            if position[name] != nil {
                throw GAISError.invalidInput("\(what): '\(GAISError.quoted(name))' appears twice")
            }
            position[name] = Int32(k)
        }
        return names.map { position[$0]! }
    }
}

extension ColumnInfo {
    /// A column described by the caller (data held in memory rather than read from a file).
    public init(_ name: String, kind: ColumnKind, missingCount: Int = 0) {
        self.init(name: name, kind: kind, missingCount: missingCount)
    }
}
