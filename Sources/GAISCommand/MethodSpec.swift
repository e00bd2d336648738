import ArgumentParser
import GAIS

/// A method as written in `gais bench --methods`: a name, optionally followed by settings,
/// e.g. `gais/score=attention/rule=top`, so several configurations can be compared in one run.
struct MethodSpec {
    let text: String
    let method: SelectionMethod
    let settings: [(String, String)]

    /// Keys accepted after `/`, with the `gais select` option each stands for.
    static let keys = ["score", "rule", "cover-space", "spread", "batch-size", "graph-neighbors", "repeats",
                       "edge-rule", "hidden", "heads", "epochs", "learning-rate", "dropout", "patience",
                       "bits", "levels", "views", "window", "overlap", "edge-drop", "neighbors",
                       "score-tolerance", "local-cover-threshold", "local-cover-chunk"]

    init(_ text: String) throws {
        self.text = text
        let parts = text.split(separator: "/").map(String.init)
        guard let first = parts.first, let method = SelectionMethod(rawValue: first) else {
            throw ValidationError("unknown method '\(text)'; methods: \(SelectionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.method = method
        var settings: [(String, String)] = []
        for part in parts.dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            let key = kv[0]
            guard MethodSpec.keys.contains(key) else {
                throw ValidationError("unknown setting '\(key)' in '\(text)'; settings: \(MethodSpec.keys.joined(separator: ", "))")
            }
            settings.append((key, kv.count == 2 ? kv[1] : "true"))
        }
        self.settings = settings
    }

    /// The selector, with `size` for methods that take one.
    func selector(size: SubsetSize) throws -> any InstanceSelector {
        var arguments: [String] = []
        var neighbors: Int? = nil
        for (key, value) in settings {
            if key == "neighbors" {
                guard let k = Int(value), k >= 1 else { throw ValidationError("neighbors must be a whole number ≥ 1 in '\(text)'") }
                neighbors = k
            } else if key == "spread" {
                if value == "true" { arguments.append("--spread") }
            } else {
                arguments += ["--\(key)", value]
            }
        }
        if method.graphMethod == nil && !arguments.isEmpty {
            throw ValidationError("'\(text)': settings other than neighbors apply to the gais methods")
        }
        let options: GAISOptions
        do {
            options = try GAISOptions.parse(arguments)
        } catch {
            throw ValidationError("'\(text)': \(GAISOptions.message(for: error))")
        }
        let selector = method.makeSelector(size: size, neighbors: neighbors, gais: try options.selector())
        do { try selector.validate() } catch let e as GAISError { throw ValidationError("'\(text)': \(e.description)") }
        return selector
    }
}
