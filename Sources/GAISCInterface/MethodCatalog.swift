import GAIS

/// The method registry as JSON, for the Python package to build its samplers' parameters from
/// (`gais_methods_json`): names, domains, rules, conditions and defaults, all read from
/// `Methods.all`, so Python declares none of them itself.
public enum MethodCatalog {
    public static func json() -> JSONValue {
        .array(Methods.all.map { method in
            .object([
                ("name", .string(method.name)),
                ("summary", .string(method.summary)),
                ("takes_size", .bool(method.takesSize)),
                ("parameters", .array(method.parameters.map(parameter))),
            ])
        })
    }

    static func parameter(_ p: ParameterInfo) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("name", .string(p.name)),
            ("value_name", .string(p.valueName)),
            ("help", .string(p.help)),
        ]
        switch p.domain {
        case let .integer(min, max):
            fields += [("kind", .string("integer")), ("min", .int(min)), ("max", max == .max ? .null : .int(max))]
        case let .optionalInteger(min, max, none):
            fields += [("kind", .string("optional-integer")), ("min", .int(min)),
                       ("max", max == .max ? .null : .int(max)), ("none", .string(none))]
        case let .real(lower, lowerOpen, upper, upperOpen):
            fields += [("kind", .string("real")), ("lower", lower.map(JSONValue.number) ?? .null),
                       ("lower_open", .bool(lowerOpen)), ("upper", upper.map(JSONValue.number) ?? .null),
                       ("upper_open", .bool(upperOpen))]
        case let .choice(words):
            fields += [("kind", .string("choice")), ("choices", .array(words.map(JSONValue.string)))]
        case .flag:
            fields += [("kind", .string("flag"))]
        }
        fields += [
            ("rule", .string(p.domain.rule)),
            ("condition", p.condition.map(JSONValue.string) ?? .null),
            ("default", p.defaultValue.map(JSONValue.string) ?? .null),
        ]
        return .object(fields)
    }
}
