/// The version of the library and the `gais` tool.
public enum GAISVersion {
    public static let string = "0.2.0"
}

/// A parameter as every interface shows it: the CLI's `--name`, the bench's `method/name=value`,
/// the C interface's and Python's `name=value` (Python spells `-` as `_`).
public struct ParameterInfo: Sendable {
    public let name: String
    public let valueName: String
    public let help: String
    public let domain: ParameterDomain
    /// The condition under which it applies (e.g. `rule=top`), if any.
    public let condition: String?
    /// Its value in the method's default configuration (nil when it has none, e.g. `reduction`
    /// while the default size is a keep ratio).
    public let defaultValue: String?
}

/// One selection method: its name, summary, parameters, and how to make a configured selector.
public struct MethodDescription: Sendable {
    public let name: String
    public let summary: String
    /// Whether the user chooses the size (`keep-ratio`, `reduction`, `keep`).
    public let takesSize: Bool
    /// Every parameter the method has, in its table's order.
    public let parameters: [ParameterInfo]
    private let configure: @Sendable ([(key: String, value: String)]) throws -> any InstanceSelector

    init<Selector: InstanceSelector>(_ prototype: Selector, summary: String) {
        let variant = prototype.variantName
        name = variant
        self.summary = summary
        let own = Selector.parameterTable.parameters(of: variant)
        parameters = own.map { p in
            ParameterInfo(name: p.name, valueName: p.valueName, help: p.help, domain: p.domain,
                          condition: p.condition?.text, defaultValue: p.value(of: prototype)?.description)
        }
        takesSize = own.contains { $0.name == "keep-ratio" }
        configure = { settings in
            var selector = prototype
            try Selector.parameterTable.apply(settings, to: &selector, variant: variant)
            return selector
        }
    }

    /// The method's selector with `settings` (`key=value` pairs, applied in order) over its
    /// defaults, validated.
    /// - Throws: the parameter errors of `ParameterTable.apply`; a key the method lacks but
    ///   another method has is reported as `GAISError.inapplicableParameter` naming those methods.
    public func selector(settings: [(key: String, value: String)] = []) throws -> any InstanceSelector {
        do {
            return try configure(settings)
        } catch GAISError.unknownParameter(let key, let method, let known) {
            let others = Methods.all.filter { $0.parameters.contains { $0.name == key } }.map(\.name)
            if others.isEmpty { throw GAISError.unknownParameter(name: key, method: method, known: known) }
            throw GAISError.inapplicableParameter(name: key, method: method, appliesTo: others.joined(separator: ", "))
        }
    }
}

/// Every selection method, named once: the CLI's `--method`, the bench's `--methods`, the C
/// interface and the Python package all look methods up here, so their names, parameters,
/// validation and messages cannot drift apart.
public enum Methods {
    /// Every method, GAIS variants first, in the order help texts list them.
    public static let all: [MethodDescription] = [
        MethodDescription(GAISSelector(graphMethod: .minibatch),
                          summary: "GAIS (default): k-means medoids + swap search; rule=cover: the network, mini-batch graph"),
        MethodDescription(GAISSelector(graphMethod: .lsh), summary: "GAIS network rule, single-level hashing graph"),
        MethodDescription(GAISSelector(graphMethod: .lshMultilevel), summary: "GAIS network rule, multi-level hashing graph"),
        MethodDescription(GAISSelector(graphMethod: .lshMultiview),
                          summary: "GAIS network rule, multi-view hashing graph, for high dimensions"),
        MethodDescription(GAISSelector(graphMethod: .chunk), summary: "GAIS network rule, 2024 chunked graph"),
        MethodDescription(PrototypeSelector(), summary: "per-class k-means medoids, converged (no network)"),
        MethodDescription(FacilityLocationSelector(), summary: "per-class facility location, lazy greedy (no network)"),
        MethodDescription(KCenterSelector(), summary: "per-class greedy k-center (no network)"),
                MethodDescription(RandomSelector(), summary: "stratified random subset"),
        MethodDescription(CondensedNearestNeighborSelector(), summary: "Condensed Nearest Neighbour, Hart 1968"),
        MethodDescription(EditedNearestNeighborsSelector(), summary: "Edited Nearest Neighbour, Wilson 1972"),
        MethodDescription(RepeatedEditedNearestNeighborsSelector(), summary: "Repeated ENN, Tomek 1976"),
        MethodDescription(AllKNearestNeighborsSelector(), summary: "All-kNN, Tomek 1976"),
        MethodDescription(IterativeCaseFilteringSelector(), summary: "Iterative Case Filtering, Brighton & Mellish 2002"),
        MethodDescription(DecrementalReductionOptimizationSelector(), summary: "DROP3, Wilson & Martinez 2000"),
        MethodDescription(LocalSetSmootherSelector(), summary: "Local Set-based Smoother, Leyva et al. 2015"),
        MethodDescription(LocalSetBorderSelector(), summary: "Local Set Border selector, Leyva et al. 2015"),
    ]

    /// Every method name.
    public static var names: [String] { all.map(\.name) }

    /// The method called `name`.
    /// - Throws: `GAISError.unknownMethod`.
    public static func named(_ name: String) throws -> MethodDescription {
        guard let method = all.first(where: { $0.name == name }) else {
            throw GAISError.unknownMethod(name: name, known: names)
        }
        return method
    }

    /// The selector of method `name` with `settings` over its defaults, validated.
    public static func selector(_ name: String, settings: [(key: String, value: String)] = []) throws
        -> any InstanceSelector {
        try named(name).selector(settings: settings)
    }

    /// Every parameter name of any method, once each, in the order methods list them.
    public static var parameterNames: [String] {
        var seen = Set<String>()
        return all.flatMap(\.parameters).map(\.name).filter { seen.insert($0).inserted }
    }

    /// The methods that have the parameter `name`.
    public static func methods(having name: String) -> [String] {
        all.filter { $0.parameters.contains { $0.name == name } }.map(\.name)
    }

    /// A method with settings as the bench writes it: `name/key=value/flag/…` (a bare key is a
    /// flag set to true), e.g. `gais/score=attention/rule=top/spread`.
    /// - Throws: `GAISError.unknownMethod`, or the parameter errors of `selector(settings:)`.
    public static func spec(_ text: String) throws -> (name: String, settings: [(key: String, value: String)]) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        _ = try named(name)
        return (name, try parseSettings(parts.dropFirst()))
    }

    /// Settings as the C interface and the Python package pass them: `key=value` pairs
    /// separated by commas, semicolons, spaces or newlines (a bare key is a flag set to true).
    public static func settings(_ text: String) throws -> [(key: String, value: String)] {
        let separators: Set<Character> = [",", ";", " ", "\n", "\t"]
        return try parseSettings(text.split(whereSeparator: { separators.contains($0) }).map(String.init))
    }

    static func parseSettings<S: Sequence>(_ items: S) throws -> [(key: String, value: String)] where S.Element == String {
        try items.map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let key = pair.first, !key.isEmpty else {
                throw GAISError.invalidInput("empty setting in '\(GAISError.quoted(item))'; expected key=value")
            }
            return (key, pair.count == 2 ? pair[1] : "true")
        }
    }
}
