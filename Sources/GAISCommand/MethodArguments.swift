import ArgumentParser
import GAIS

/// The method parameters of `gais select`, derived from the method registry rather than
/// declared as options one by one: `--batch-size 512`, `--batch-size=512` and `--spread` are
/// rewritten, before parsing, into the generic `--set batch-size=512` (also accepted as
/// written), so every parameter of every method is an option with the registry's name,
/// domain and messages.
enum MethodArguments {
    /// `arguments` (after the subcommand) with every method-parameter option turned into
    /// `--set key=value`. A flag parameter (`spread`) takes no value unless written `--key=value`.
    static func rewrite(_ arguments: [String]) -> [String] {
        let names = Set(Methods.parameterNames)
        let flags = Set(Methods.all.flatMap(\.parameters).filter { $0.domain == .flag }.map(\.name))
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" {   // everything after is positional
                out += arguments[i...]
                break
            }
            guard argument.hasPrefix("--") else { out.append(argument); i += 1; continue }
            let body = argument.dropFirst(2)
            let key = String(body.prefix { $0 != "=" })
            guard names.contains(key) else { out.append(argument); i += 1; continue }
            if body.contains("=") {
                out += ["--set", "\(key)=\(body.dropFirst(key.count + 1))"]
            } else if flags.contains(key) {
                out += ["--set", "\(key)=true"]
            } else if i + 1 < arguments.count {
                out += ["--set", "\(key)=\(arguments[i + 1])"]
                i += 1
            } else {
                out.append(argument)   // missing value: left for the parser to report
            }
            i += 1
        }
        return out
    }

    /// The `--set` values as settings.
    static func settings(_ values: [String]) throws -> [(key: String, value: String)] {
        try values.map { text in
            let pair = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2, !pair[0].isEmpty else {
                throw ValidationError("--set takes key=value, got '\(GAISError.quoted(text))'")
            }
            return (pair[0], pair[1])
        }
    }

    /// The method parameters' section of `gais select --help`.
    static var helpText: String {
        var lines = ["Method parameters (each also --set NAME=VALUE; the methods it applies to in brackets):"]
        for name in Methods.parameterNames {
            let owners = Methods.all.filter { $0.parameters.contains { $0.name == name } }
            guard let info = owners.first?.parameters.first(where: { $0.name == name }) else { continue }
            let value = info.domain == .flag ? "" : " \(info.valueName)"
            let condition = info.condition.map { ", with \($0)" } ?? ""
            lines.append("  --\(name)\(value): \(info.help) Must be \(info.domain.rule). [\(scope(owners.map(\.name)))\(condition)]")
        }
        return lines.joined(separator: "\n")
    }

    /// Method names, with the five GAIS variants shortened to `gais*`.
    static func scope(_ names: [String]) -> String {
        let gais = GAISSelector.methodNames
        if Set(gais).isSubset(of: Set(names)) {
            return (["gais*"] + names.filter { !gais.contains($0) }).joined(separator: ", ")
        }
        return names.joined(separator: ", ")
    }
}
