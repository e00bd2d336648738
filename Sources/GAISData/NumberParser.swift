#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a field holds once parsed as a number.
@usableFromInline
enum ParsedNumber: Equatable {
    case value(Float)
    /// `?`, empty, `NA`, `NaN` (any case).
    case missing
    /// Not a number: the column is text (or, where numbers are declared, an error).
    case notANumber
    /// `inf`/`infinity` or a magnitude beyond `Float.greatestFiniteMagnitude`.
    case outOfRange
}

/// Fast decimal parsing of one trimmed field, without allocating.
///
/// Up to 19 significant digits are accumulated in an integer and scaled by an exact power of
/// ten, which is exact in `Double` for |exponent| ≤ 22 and rounds correctly to `Float`
/// afterwards in all practical cases; anything longer or further out goes through `strtod`.
@usableFromInline
enum NumberParser {
    @usableFromInline static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    @inlinable
    static func isMissing(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count == 0 { return true }
        if count == 1 { return p[0] == UInt8(ascii: "?") }
        if count == 2 { return (p[0] | 0x20) == UInt8(ascii: "n") && (p[1] | 0x20) == UInt8(ascii: "a") }
        if count == 3 {
            return (p[0] | 0x20) == UInt8(ascii: "n") && (p[1] | 0x20) == UInt8(ascii: "a")
                && (p[2] | 0x20) == UInt8(ascii: "n")
        }
        return false
    }

    @inlinable
    static func isInfinity(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        if i < count && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
        let rest = count - i
        guard rest == 3 || rest == 8 else { return false }
        let word = rest == 3 ? "inf" : "infinity"
        for (k, c) in word.utf8.enumerated() where (p[i + k] | 0x20) != c { return false }
        return true
    }

    /// Parses `count` bytes at `p` (already trimmed).
    @inlinable
    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> ParsedNumber {
        if isMissing(p, count) { return .missing }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0          // significant digits accumulated
        var dropped = 0         // integer digits beyond 19 (scale up)
        var fractionDigits = 0
        var sawDigit = false
        while i < count, p[i] &- 48 < 10 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                if mantissa != 0 { digits += 1 }
            } else {
                dropped += 1
            }
            i += 1
        }
        if i < count && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, p[i] &- 48 < 10 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                    if mantissa != 0 { digits += 1 }
                    fractionDigits += 1
                }
                i += 1
            }
        }
        guard sawDigit else {
            return isInfinity(p, count) ? .outOfRange : .notANumber
        }
        var exponent = 0
        if i < count && (p[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < count && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var sawExpDigit = false
            while i < count, p[i] &- 48 < 10 {
                sawExpDigit = true
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 48) }
                i += 1
            }
            guard sawExpDigit else { return .notANumber }
            if expNegative { exponent = -exponent }
        }
        guard i == count else { return .notANumber }
        let scale = exponent + dropped - fractionDigits
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if digits < 19 && dropped == 0 && scale >= -22 && scale <= 22 {
            value = Double(mantissa)
            value = scale < 0 ? value / powersOfTen[-scale] : value * powersOfTen[scale]
        } else {
            value = slowParse(p, count)
        }
        if negative { value = -value }
        let single = Float(value)
        if !single.isFinite { return .outOfRange }
        return .value(single)
    }

    @usableFromInline
    static func slowParse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double {
        var buffer = [CChar](repeating: 0, count: count + 1)
        for k in 0..<count { buffer[k] = CChar(bitPattern: p[k]) }
        return abs(strtod(buffer, nil))
    }
}
