/// The values a parameter may take. It parses a setting's text, checks a value, and states its
/// rule in messages ("a whole number ≥ 2"), so every place that names a parameter — the CLI,
/// the bench's `method/key=value` specs, the C interface, the Python package — accepts the same
/// spellings and refuses with the same words.
public enum ParameterDomain: Sendable, Equatable {
    /// Whole numbers in `min...max` (`max == Int.max`: no upper bound).
    case integer(min: Int, max: Int)
    /// Whole numbers in `min...max`, or the word `none` (a value the selector resolves itself,
    /// e.g. `auto`).
    case optionalInteger(min: Int, max: Int, none: String)
    /// Finite real numbers within bounds; each bound may be open or closed, or absent.
    case real(lower: Double?, lowerOpen: Bool, upper: Double?, upperOpen: Bool)
    /// One of the listed words.
    case choice([String])
    /// `true` or `false`; a bare flag (`--spread`, `gais/spread`) means `true`.
    case flag

    /// The rule, as it reads after "must be".
    public var rule: String {
        switch self {
        case let .integer(min, max):
            return max == .max ? "a whole number ≥ \(min)" : "a whole number in \(min)...\(max)"
        case let .optionalInteger(min, max, none):
            return max == .max ? "\(none) or a whole number ≥ \(min)" : "\(none) or a whole number in \(min)...\(max)"
        case let .real(lower, lowerOpen, upper, upperOpen):
            switch (lower, upper) {
            case let (l?, u?):
                return "a number in \(lowerOpen ? "(" : "[")\(Self.text(l)), \(Self.text(u))\(upperOpen ? ")" : "]")"
            case let (l?, nil): return "a finite number \(lowerOpen ? ">" : "≥") \(Self.text(l))"
            case let (nil, u?): return "a finite number \(upperOpen ? "<" : "≤") \(Self.text(u))"
            case (nil, nil): return "a finite number"
            }
        case let .choice(words): return "one of \(words.joined(separator: ", "))"
        case .flag: return "true or false"
        }
    }

    /// The value a setting's text stands for, or nil when the text is not of the domain's
    /// kind or the value lies outside it.
    public func parse(_ text: String) -> ParameterValue? {
        let value: ParameterValue
        switch self {
        case .integer:
            guard let n = Int(text) else { return nil }
            value = .integer(n)
        case let .optionalInteger(_, _, none):
            if text == none { return .none(none) }
            guard let n = Int(text) else { return nil }
            value = .integer(n)
        case .real:
            guard let x = Double(text) else { return nil }
            value = .real(x)
        case .choice:
            value = .word(text)
        case .flag:
            switch text {
            case "true": value = .flag(true)
            case "false": value = .flag(false)
            default: return nil
            }
        }
        return contains(value) ? value : nil
    }

    /// Whether `value` lies in the domain.
    public func contains(_ value: ParameterValue) -> Bool {
        switch (self, value) {
        case let (.integer(min, max), .integer(n)): return n >= min && n <= max
        case let (.optionalInteger(min, max, _), .integer(n)): return n >= min && n <= max
        case let (.optionalInteger(_, _, none), .none(word)): return word == none
        case let (.real(lower, lowerOpen, upper, upperOpen), .real(x)):
            guard x.isFinite else { return false }
            if let lower, lowerOpen ? !(x > lower) : !(x >= lower) { return false }
            if let upper, upperOpen ? !(x < upper) : !(x <= upper) { return false }
            return true
        case let (.choice(words), .word(w)): return words.contains(w)
        case (.flag, .flag): return true
        default: return false
        }
    }

    static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}

/// A parameter's value, typed by its domain.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case word(String)
    case flag(Bool)
    /// The word of an `optionalInteger` domain that stands for "no number" (e.g. `auto`).
    case none(String)

    public var description: String {
        switch self {
        case .integer(let n): return String(n)
        case .real(let x): return Self.shortest(x)
        case .word(let w): return w
        case .flag(let b): return b ? "true" : "false"
        case .none(let w): return w
        }
    }

    /// The shortest text that reads back as the same Float when the value is one (so 0.01
    /// stored as a Float prints as 0.01), else Double's own.
    static func shortest(_ x: Double) -> String {
        let f = Float(x)
        if Double(f) == x { return "\(f)" }
        return "\(x)"
    }
}

/// One parameter of a selector, described once: its name (the `key` of `key=value` settings
/// and of the CLI's `--key`), domain, help, where it applies, and how to read and write it on
/// its owner (a selector's configuration struct).
public struct Parameter<Owner>: @unchecked Sendable {
    /// The setting's key, e.g. `batch-size`.
    public let name: String
    /// A short placeholder for help texts, e.g. `B`.
    public let valueName: String
    /// One line for help texts.
    public let help: String
    public let domain: ParameterDomain
    /// The variants (method names) the parameter applies to, in order; nil: every variant of
    /// its owner.
    public let variants: [String]?
    /// A condition on the other parameters under which it applies, with its text
    /// (e.g. `rule=top`); nil: always.
    public let condition: (text: String, holds: (Owner) -> Bool)?
    // Reading and writing go through closures (key paths cannot reach into enum payloads).
    let read: (Owner) -> ParameterValue?
    let write: (inout Owner, ParameterValue) -> Void

    public init(_ name: String, domain: ParameterDomain, valueName: String, help: String,
                variants: [String]? = nil, when condition: (text: String, holds: (Owner) -> Bool)? = nil,
                read: @escaping (Owner) -> ParameterValue?, write: @escaping (inout Owner, ParameterValue) -> Void) {
        self.name = name
        self.domain = domain
        self.valueName = valueName
        self.help = help
        self.variants = variants
        self.condition = condition
        self.read = read
        self.write = write
    }

    /// Whether the parameter belongs to the variant named `variant`.
    public func belongs(to variant: String) -> Bool { variants.map { $0.contains(variant) } ?? true }

    /// The value on `owner` (nil when the owner's configuration has no such field).
    public func value(of owner: Owner) -> ParameterValue? { read(owner) }

    /// Sets the parameter to `value` (a value of its domain) on `owner`.
    public func assign(_ value: ParameterValue, to owner: inout Owner) { write(&owner, value) }

    /// The same parameter on an enclosing type, reached through `get`/`set` (e.g. the graph
    /// builder's batch size on the GAIS selector). `variants` overrides the applicability.
    public func lifted<Outer>(variants: [String]? = nil, get: @escaping (Outer) -> Owner?,
                              set: @escaping (inout Outer, Owner) -> Void) -> Parameter<Outer> {
        let read = self.read, write = self.write
        let condition = self.condition.map { c in
            (text: c.text, holds: { (outer: Outer) -> Bool in get(outer).map(c.holds) ?? false })
        }
        return Parameter<Outer>(name, domain: domain, valueName: valueName, help: help,
                                variants: variants ?? self.variants, when: condition,
                                read: { get($0).flatMap(read) },
                                write: { outer, value in
                                    guard var inner = get(outer) else { return }
                                    write(&inner, value)
                                    set(&outer, inner)
                                })
    }
}

extension Parameter {
    /// A whole-number parameter stored at `keyPath`.
    public static func integer(_ name: String, _ keyPath: WritableKeyPath<Owner, Int>, min: Int, max: Int = .max,
                               valueName: String, help: String, variants: [String]? = nil,
                               when condition: (text: String, holds: (Owner) -> Bool)? = nil) -> Parameter {
        Parameter(name, domain: .integer(min: min, max: max), valueName: valueName, help: help, variants: variants,
                  when: condition, read: { .integer($0[keyPath: keyPath]) },
                  write: { owner, value in if case .integer(let n) = value { owner[keyPath: keyPath] = n } })
    }

    /// A whole-number parameter that may instead be left to the selector (`none`, e.g. `auto`),
    /// stored as an optional at `keyPath`.
    public static func optionalInteger(_ name: String, _ keyPath: WritableKeyPath<Owner, Int?>, min: Int,
                                       max: Int = .max, none: String, valueName: String, help: String,
                                       variants: [String]? = nil) -> Parameter {
        Parameter(name, domain: .optionalInteger(min: min, max: max, none: none), valueName: valueName, help: help,
                  variants: variants, read: { owner in owner[keyPath: keyPath].map { .integer($0) } ?? .none(none) },
                  write: { owner, value in
                      if case .integer(let n) = value { owner[keyPath: keyPath] = n } else { owner[keyPath: keyPath] = nil }
                  })
    }

    /// A real parameter stored as a Double at `keyPath`.
    public static func real(_ name: String, _ keyPath: WritableKeyPath<Owner, Double>, _ domain: ParameterDomain,
                            valueName: String, help: String, variants: [String]? = nil,
                            when condition: (text: String, holds: (Owner) -> Bool)? = nil) -> Parameter {
        Parameter(name, domain: domain, valueName: valueName, help: help, variants: variants, when: condition,
                  read: { .real($0[keyPath: keyPath]) },
                  write: { owner, value in if case .real(let x) = value { owner[keyPath: keyPath] = x } })
    }

    /// A real parameter stored as a Float at `keyPath`.
    public static func real(_ name: String, _ keyPath: WritableKeyPath<Owner, Float>, _ domain: ParameterDomain,
                            valueName: String, help: String, variants: [String]? = nil,
                            when condition: (text: String, holds: (Owner) -> Bool)? = nil) -> Parameter {
        Parameter(name, domain: domain, valueName: valueName, help: help, variants: variants, when: condition,
                  read: { .real(Double($0[keyPath: keyPath])) },
                  write: { owner, value in if case .real(let x) = value { owner[keyPath: keyPath] = Float(x) } })
    }

    /// A parameter whose values are the raw values of an enum stored at `keyPath`.
    public static func choice<Value: RawRepresentable & CaseIterable>(
        _ name: String, _ keyPath: WritableKeyPath<Owner, Value>, valueName: String, help: String,
        variants: [String]? = nil, when condition: (text: String, holds: (Owner) -> Bool)? = nil
    ) -> Parameter where Value.RawValue == String {
        Parameter(name, domain: .choice(Value.allCases.map(\.rawValue)), valueName: valueName, help: help,
                  variants: variants, when: condition, read: { .word($0[keyPath: keyPath].rawValue) },
                  write: { owner, value in
                      if case .word(let w) = value, let v = Value(rawValue: w) { owner[keyPath: keyPath] = v }
                  })
    }

    /// A true/false parameter stored at `keyPath`.
    public static func flag(_ name: String, _ keyPath: WritableKeyPath<Owner, Bool>, help: String,
                            variants: [String]? = nil,
                            when condition: (text: String, holds: (Owner) -> Bool)? = nil) -> Parameter {
        Parameter(name, domain: .flag, valueName: "", help: help, variants: variants, when: condition,
                  read: { .flag($0[keyPath: keyPath]) },
                  write: { owner, value in if case .flag(let b) = value { owner[keyPath: keyPath] = b } })
    }

    /// The three spellings of a subset size stored at `keyPath` (`keep-ratio`, `reduction`,
    /// `keep`); at most one may be given (see `ParameterTable.exclusive`).
    public static func sizes(_ keyPath: WritableKeyPath<Owner, SubsetSize>, variants: [String]? = nil) -> [Parameter] {
        [
            Parameter("keep-ratio", domain: .real(lower: 0, lowerOpen: true, upper: 1, upperOpen: false),
                      valueName: "R", help: "Keep max(1, round(R·n_c)) rows of each class c (default 0.04).",
                      variants: variants,
                      read: { if case .keepRatio(let r) = $0[keyPath: keyPath] { return .real(r) }; return nil },
                      write: { owner, value in if case .real(let r) = value { owner[keyPath: keyPath] = .keepRatio(r) } }),
            Parameter("reduction", domain: .real(lower: 0, lowerOpen: false, upper: 1, upperOpen: true),
                      valueName: "r", help: "Target reduction rate: the same as keep-ratio 1 − r.", variants: variants,
                      read: { if case .reduction(let r) = $0[keyPath: keyPath] { return .real(r) }; return nil },
                      write: { owner, value in if case .real(let r) = value { owner[keyPath: keyPath] = .reduction(r) } }),
            Parameter("keep", domain: .integer(min: 1, max: .max), valueName: "N",
                      help: "Keep N rows in total (at least one per class), shared by class size.", variants: variants,
                      read: { if case .count(let n) = $0[keyPath: keyPath] { return .integer(n) }; return nil },
                      write: { owner, value in if case .integer(let n) = value { owner[keyPath: keyPath] = .count(n) } }),
        ]
    }
}

/// A rule that ties several parameters together (e.g. a window's overlap below its size).
/// `check` returns the error for a configuration that breaks it, or nil.
public struct ParameterRelation<Owner>: @unchecked Sendable {
    /// The parameters it involves; it is checked only when the first applies.
    public let names: [String]
    /// The error for a configuration of the variant named `variant` that breaks the rule.
    public let check: (Owner, _ variant: String) -> GAISError?

    public init(_ names: [String], check: @escaping (Owner, _ variant: String) -> GAISError?) {
        self.names = names
        self.check = check
    }
}

/// Every parameter of one selector type, described once, and what is derived from it:
/// applying `key=value` settings, validation and its messages, and the report's list.
public struct ParameterTable<Owner>: @unchecked Sendable {
    public let parameters: [Parameter<Owner>]
    public let relations: [ParameterRelation<Owner>]
    /// Groups of parameters of which at most one may be given (they set the same field).
    public let exclusive: [[String]]

    public init(_ parameters: [Parameter<Owner>], relations: [ParameterRelation<Owner>] = [],
                exclusive: [[String]] = []) {
        self.parameters = parameters
        self.relations = relations
        self.exclusive = exclusive
    }

    public func parameter(named name: String) -> Parameter<Owner>? { parameters.first { $0.name == name } }

    /// The parameters of the variant named `variant`, in declaration order.
    public func parameters(of variant: String) -> [Parameter<Owner>] { parameters.filter { $0.belongs(to: variant) } }

    /// Applies `settings` in order to `owner`, the variant named `variant`, then validates it.
    /// - Throws: `GAISError.unknownParameter` for a key the variant does not have (the caller
    ///   may know which other methods have it), `.invalidParameter` for a bad value,
    ///   `.conditionalParameter` for a parameter whose condition does not hold once every
    ///   setting is applied, `.conflictingParameters` for two of an exclusive group.
    public func apply(_ settings: [(key: String, value: String)], to owner: inout Owner, variant: String) throws {
        var given: [String] = []
        for (key, text) in settings {
            guard let parameter = parameter(named: key), parameter.belongs(to: variant) else {
                throw GAISError.unknownParameter(name: key, method: variant,
                                                 known: parameters(of: variant).map(\.name))
            }
            guard let value = parameter.domain.parse(text) else {
                throw GAISError.invalidParameter(name: key, owner: variant, rule: parameter.domain.rule,
                                                 value: GAISError.quoted(text))
            }
            parameter.write(&owner, value)
            given.append(key)
        }
        for group in exclusive {
            let named = group.filter { given.contains($0) }
            if Set(named).count > 1 { throw GAISError.conflictingParameters(names: group, method: variant) }
        }
        for key in given {
            if let parameter = parameter(named: key), let condition = parameter.condition, !condition.holds(owner) {
                throw GAISError.conditionalParameter(name: key, method: variant, condition: condition.text)
            }
        }
        try validate(owner, variant: variant)
    }

    /// Checks every parameter of `variant` on `owner` against its domain, then the relations.
    public func validate(_ owner: Owner, variant: String) throws {
        for parameter in parameters(of: variant) {
            guard let value = parameter.read(owner) else { continue }
            if !parameter.domain.contains(value) {
                throw GAISError.invalidParameter(name: parameter.name, owner: variant, rule: parameter.domain.rule,
                                                 value: value.description)
            }
        }
        for relation in relations {
            guard let first = relation.names.first, let parameter = parameter(named: first),
                  parameter.belongs(to: variant), parameter.read(owner) != nil else { continue }
            if let error = relation.check(owner, variant) { throw error }
        }
    }

    /// The (name, value) pairs that apply to `owner` as configured: the report's list.
    public func values(of owner: Owner, variant: String) -> [(name: String, value: String)] {
        parameters(of: variant).compactMap { parameter in
            if let condition = parameter.condition, !condition.holds(owner) { return nil }
            return parameter.read(owner).map { (parameter.name, $0.description) }
        }
    }
}
