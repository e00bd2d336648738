/// `value` with a fixed number of decimals, without Foundation: what every table, report and
/// progress line of the library prints numbers with (`formatFixed(96.14, digits: 1)` = `96.1`).
public func formatFixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return "\(value)" }
    let whole = Int(scaled)
    let integerPart = whole / Int(scale)
    var fraction = String(whole % Int(scale))
    while fraction.count < digits { fraction = "0" + fraction }
    let sign = value < 0 && whole != 0 ? "-" : ""
    return digits > 0 ? "\(sign)\(integerPart).\(fraction)" : "\(sign)\(integerPart)"
}
