import Testing
@testable import GAISCore

/// A selector-like configuration with one parameter of each kind.
private struct Toy {
    enum Mode: String, CaseIterable { case fast, exact }
    var size = SubsetSize.default
    var k = 3
    var rate = 0.5
    var mode = Mode.fast
    var spread = false
    var bits: Int? = nil

    static let table = ParameterTable<Toy>(Parameter.sizes(\.size) + [
        .integer("k", \.k, min: 1, max: 10, valueName: "k", help: "k."),
        .real("rate", \.rate, .real(lower: 0, lowerOpen: true, upper: 1, upperOpen: false), valueName: "r", help: "r."),
        .choice("mode", \.mode, valueName: "m", help: "m."),
        .flag("spread", \.spread, help: "s.", when: (text: "mode=exact", holds: { $0.mode == .exact })),
        .optionalInteger("bits", \.bits, min: 1, max: 24, none: "auto", valueName: "b", help: "b.", variants: ["toy-hash"]),
    ], relations: [
        ParameterRelation(["k", "rate"]) { toy, variant in
            toy.k > 8 && toy.rate > 0.9
                ? .invalidParameter(name: "k", owner: variant, rule: "at most 8 when rate > 0.9", value: "\(toy.k)") : nil
        },
    ], exclusive: [SubsetSize.parameterNames])
}

@Suite struct ParameterTests {
    @Test func domainsParseAndStateTheirRules() {
        #expect(ParameterDomain.integer(min: 2, max: .max).rule == "a whole number ≥ 2")
        #expect(ParameterDomain.integer(min: 1, max: 24).rule == "a whole number in 1...24")
        #expect(ParameterDomain.real(lower: 0, lowerOpen: true, upper: 1, upperOpen: false).rule == "a number in (0, 1]")
        #expect(ParameterDomain.real(lower: 0, lowerOpen: false, upper: nil, upperOpen: false).rule == "a finite number ≥ 0")
        #expect(ParameterDomain.optionalInteger(min: 1, max: 24, none: "auto").rule == "auto or a whole number in 1...24")
        #expect(ParameterDomain.choice(["a", "b"]).rule == "one of a, b")
        #expect(ParameterDomain.integer(min: 1, max: 5).parse("5") == .integer(5))
        #expect(ParameterDomain.integer(min: 1, max: 5).parse("6") == nil)
        #expect(ParameterDomain.integer(min: 1, max: 5).parse("2.0") == nil)
        let unit = ParameterDomain.real(lower: 0, lowerOpen: true, upper: 1, upperOpen: true)
        #expect(unit.parse("0.5") == .real(0.5) && unit.parse("0") == nil && unit.parse("1") == nil)
        #expect(unit.parse("nan") == nil && unit.parse("inf") == nil && unit.parse("") == nil)
        #expect(ParameterDomain.optionalInteger(min: 1, max: 24, none: "auto").parse("auto") == .none("auto"))
        #expect(ParameterDomain.flag.parse("true") == .flag(true) && ParameterDomain.flag.parse("yes") == nil)
        #expect(ParameterValue.real(Double(Float(0.01))).description == "0.01")
    }

    @Test func settingsApplyInOrderAndReportWhatApplies() throws {
        var toy = Toy()
        try Toy.table.apply([("k", "4"), ("mode", "exact"), ("spread", "true"), ("keep", "7"), ("k", "5")],
                            to: &toy, variant: "toy")
        #expect(toy.k == 5 && toy.mode == .exact && toy.spread && toy.size == .count(7))
        let values = Toy.table.values(of: toy, variant: "toy")
        #expect(values.map(\.name) == ["keep", "k", "rate", "mode", "spread"])
        #expect(values.first { $0.name == "rate" }?.value == "0.5")
        // `bits` belongs to the toy-hash variant only.
        #expect(Toy.table.values(of: Toy(), variant: "toy-hash").map(\.name).last == "bits")
    }

    @Test func everyMistakeHasItsMessage() {
        func error(_ settings: [(key: String, value: String)], variant: String = "toy") -> String {
            var toy = Toy()
            do { try Toy.table.apply(settings, to: &toy, variant: variant); return "none" }
            catch { return "\(error)" }
        }
        #expect(error([("k", "0")]) == "parameter 'k' of toy must be a whole number in 1...10, got 0")
        #expect(error([("k", "x\ny")]) == "parameter 'k' of toy must be a whole number in 1...10, got x\\ny")
        #expect(error([("rate", "nan")]) == "parameter 'rate' of toy must be a number in (0, 1], got nan")
        #expect(error([("mode", "slow")]) == "parameter 'mode' of toy must be one of fast, exact, got slow")
        #expect(error([("nope", "1")]) == "unknown parameter 'nope' of toy; its parameters: keep-ratio, reduction, keep, k, rate, mode, spread")
        #expect(error([("bits", "3")]) .hasPrefix("unknown parameter 'bits' of toy"))
        #expect(error([("bits", "3")], variant: "toy-hash") == "none")
        #expect(error([("spread", "true")]) == "parameter 'spread' of toy applies only with mode=exact")
        #expect(error([("spread", "true"), ("mode", "exact")]) == "none")
        #expect(error([("keep", "3"), ("reduction", "0.5")]) == "give only one of keep-ratio, reduction, keep to toy")
        #expect(error([("k", "9"), ("rate", "0.95")]) == "parameter 'k' of toy must be at most 8 when rate > 0.9, got 9")
        #expect(error([("k", String(repeating: "9", count: 100))]).count < 150)
    }

    @Test func validateChecksFieldsSetDirectly() {
        var toy = Toy()
        toy.size = .keepRatio(0)
        #expect(throws: GAISError.invalidParameter(name: "keep-ratio", owner: "toy", rule: "a number in (0, 1]", value: "0.0")) {
            try Toy.table.validate(toy, variant: "toy")
        }
        toy = Toy()
        toy.k = 11
        #expect(throws: GAISError.self) { try Toy.table.validate(toy, variant: "toy") }
        #expect(throws: Never.self) { try Toy.table.validate(Toy(), variant: "toy") }
    }
}
