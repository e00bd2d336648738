import ArgumentParser
import GAIS
@testable import GAISCommand
import Testing

/// Every parameter of every method, taken from the registry itself, is accepted by `gais select
/// --NAME VALUE` and by `gais bench --methods METHOD/NAME=VALUE` with the same meaning (the same
/// configured parameters), and refused by both with the same message when out of range.
@Suite struct MethodParameterTests {
    /// Settings that make a parameter's condition hold (e.g. `spread` needs `rule=top`).
    static func enabling(_ condition: String?) -> [(key: String, value: String)] {
        // Conditions read "a", or "a, and b" when a network parameter has its own condition.
        (condition ?? "").components(separatedBy: ", and ").flatMap { part -> [(key: String, value: String)] in
            switch part {
            case "rule=top": return [("rule", "top")]
            case "rule=centroid": return [("rule", "centroid")]
            case "rule=cover", "rule=cover or rule=top": return [("rule", "cover")]
            case "edge-rule=threshold": return [("edge-rule", "threshold")]
            case "refine=swap": return [("refine", "swap")]
            default: return []
            }
        }
    }

    /// A value inside the domain other than the default where one exists, and one outside it.
    static func values(_ parameter: ParameterInfo) -> (good: String, bad: String?) {
        switch parameter.domain {
        case let .integer(min, max):
            // One above the default (so relations such as overlap < window still hold).
            let good = parameter.defaultValue.flatMap { Int($0) }.map { Swift.min(max, $0 + 1) } ?? Swift.min(max, min + 2)
            return (String(good), String(min - 1))
        case let .optionalInteger(min, max, _):
            return (String(Swift.min(max, min + 1)), String(min - 1))
        case let .real(lower, lowerOpen, upper, _):
            let good = upper.map { u in ((lower ?? 0) + u) / 2 } ?? (lower ?? 0) + 0.25
            let bad = lower.map { "\(lowerOpen ? $0 : $0 - 1)" } ?? "nan"
            return (String(good), bad)
        case let .choice(words): return (words.last!, "no-such-word")
        case .flag: return ("true", "maybe")
        }
    }

    static func selectOptions(_ method: String, _ settings: [(key: String, value: String)]) throws -> SelectionOptions {
        var arguments = ["input.csv", "--method", method]
        // `--key value`, and `--key=value` for flags (a bare `--spread` takes no value).
        for (key, value) in settings {
            let isFlag = Methods.all.flatMap(\.parameters).contains { $0.name == key && $0.domain == .flag }
            arguments += isFlag ? ["--\(key)=\(value)"] : ["--\(key)", value]
        }
        let command = try SelectCommand.parse(Array(GAISCommand.prepared(["select"] + arguments).dropFirst()))
        return command.selection
    }

    static func benchSelector(_ method: String, _ settings: [(key: String, value: String)]) throws -> any InstanceSelector {
        let spec = ([method] + settings.map { "\($0.key)=\($0.value)" }).joined(separator: "/")
        let command = try BenchCommand.parse(["input.csv", "--methods", spec])
        return try command.parsedMethods()[0].selector
    }

    static let cases: [(method: String, parameter: String)] = Methods.all.flatMap { m in
        m.parameters.map { (m.name, $0.name) }
    }

    @Test func everyMethodParameterIsCovered() {
        #expect(Self.cases.count > 100)
        #expect(Set(Self.cases.map(\.parameter)) == Set(Methods.parameterNames))
    }

    @Test(arguments: Methods.names)
    func selectAndBenchAgreeOnEveryParameter(method: String) throws {
        let description = try Methods.named(method)
        for parameter in description.parameters {
            let (good, bad) = Self.values(parameter)
            let settings = Self.enabling(parameter.condition) + [(parameter.name, good)]
            // Accepted, with the same meaning: the same configured parameters either way.
            let fromSelect = try Self.selectOptions(method, settings).makeSelector()
            let fromBench = try Self.benchSelector(method, settings)
            let configured = fromSelect.parameters.map { "\($0.name)=\($0.value)" }
            #expect(configured == fromBench.parameters.map { "\($0.name)=\($0.value)" }, "\(method) \(parameter.name)")
            // The parameter took the value (flags and sizes show up in the report list).
            if parameter.domain != .flag || parameter.condition == nil {
                #expect(configured.contains { $0.hasPrefix("\(parameter.name)=") }, "\(method) \(parameter.name)")
            }
            guard let bad else { continue }
            let wrong = Self.enabling(parameter.condition) + [(parameter.name, bad)]
            var selectMessage = "", benchMessage = ""
            do {
                _ = try Self.selectOptions(method, wrong)
            } catch {
                selectMessage = SelectCommand.message(for: error)
                #expect(SelectCommand.exitCode(for: error) == .validationFailure, "\(method) \(parameter.name)")
            }
            do { _ = try Self.benchSelector(method, wrong) } catch { benchMessage = BenchCommand.message(for: error) }
            #expect(selectMessage.hasPrefix("parameter '\(parameter.name)' of \(method) must be"), "\(selectMessage)")
            #expect(!selectMessage.isEmpty && selectMessage == benchMessage, "\(method) \(parameter.name)")
        }
    }

    /// A parameter of another method: one line naming the parameter and the method, from select
    /// and bench alike, and exit 64 from the binary.
    @Test func parametersOfOtherMethodsAreRefused() throws {
        let expected = "parameter 'window' does not apply to gais; it applies to gais-chunk"
        #expect(throws: (any Error).self) { try Self.selectOptions("gais", [("window", "5")]) }
        do { _ = try Self.selectOptions("gais", [("window", "5")]) } catch {
            #expect(SelectCommand.message(for: error) == expected)
            #expect(SelectCommand.exitCode(for: error) == .validationFailure)
        }
        #expect(throws: (any Error).self) { try Self.benchSelector("gais", [("window", "5")]) }
        do { _ = try Self.benchSelector("gais", [("window", "5")]) } catch {
            #expect(BenchCommand.message(for: error) == expected)
        }
        let result = try gais(["select", dataset("iris.csv"), "--method", "gais", "--window", "5"])
        #expect(result.status == 64)
        #expect(result.stderr.split(separator: "\n").first == "Error: \(expected)")
        let enn = try gais(["select", dataset("iris.csv"), "--method", "enn", "--batch-size", "8"])
        #expect(enn.status == 64 && enn.stderr.contains("parameter 'batch-size' does not apply to enn; it applies to gais"))
        let spread = try gais(["bench", dataset("iris.csv"), "--methods", "gais/spread", "--folds", "2"])
        #expect(spread.status == 64 && spread.stderr.contains("parameter 'spread' of gais applies only with rule=top"))
    }

    /// The bench now accepts what select accepts (these three were refused before).
    @Test func benchAcceptsEveryGraphParameter() throws {
        for spec in ["gais-lsh/bucket-cap=40", "gais/rule=cover/edge-rule=threshold/percentile=0.9", "gais-lsh-multiview/view-features=0.5"] {
            let command = try BenchCommand.parse(["input.csv", "--methods", spec])
            #expect(try command.parsedMethods().count == 1, "\(spec)")
        }
    }
}
