#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GAISKernels

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
    /// 10^-e for 0 ≤ e ≤ 22, rounded to Double.
    @inlinable
    static func negativePowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: return 1e-0
        case 1: return 1e-1
        case 2: return 1e-2
        case 3: return 1e-3
        case 4: return 1e-4
        case 5: return 1e-5
        case 6: return 1e-6
        case 7: return 1e-7
        case 8: return 1e-8
        case 9: return 1e-9
        case 10: return 1e-10
        case 11: return 1e-11
        case 12: return 1e-12
        case 13: return 1e-13
        case 14: return 1e-14
        case 15: return 1e-15
        case 16: return 1e-16
        case 17: return 1e-17
        case 18: return 1e-18
        case 19: return 1e-19
        case 20: return 1e-20
        case 21: return 1e-21
        default: return 1e-22
        }
    }

    /// 10^e for 0 ≤ e ≤ 22, all exact in Double (a switch, so no lazily initialised global).
    @inlinable
    static func powerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

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
            // Multiplying by the (rounded) reciprocal instead of dividing: the result is off by at
            // most an ulp of Double, which changes the Float rounding only for values within
            // 2^-52 of a Float halfway point.
            value = scale < 0 ? value * negativePowerOfTen(-scale) : value * powerOfTen(scale)
        } else {
            value = slowParse(p, count)
        }
        if negative { value = -value }
        let single = Float(value)
        if !single.isFinite { return .outOfRange }
        return .value(single)
    }

    /// Parses a plain decimal number starting at `p[i]` (no leading spaces), leaving `i` at
    /// the first byte after it. Returns nil — the caller then takes the general path — for
    /// anything else: an empty field, `?`/`NA`, text, infinities, more than 18 digits, or a
    /// number the fast arithmetic cannot round exactly enough.
    @inlinable
    static func scan(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ limit: Int) -> Float? {
        // Short plain decimals without a branch on their length; the rest the general way.
        var value: Float = 0, end = 0
        if gais_scan_number(p, i, limit, &value, &end) != 0 {
            i = end
            return value
        }
        return scanGeneral(p, &i, limit)
    }

    /// `scan` one byte at a time: every number the branch-free common case declines.
    @inlinable
    static func scanGeneral(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ limit: Int) -> Float? {
        var k = i
        var negative = false
        if k < limit && (p[k] == 45 || p[k] == 43) { negative = p[k] == 45; k += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        let digitsStart = k
        while k < limit, p[k] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[k] &- 48)
            k += 1
        }
        digits = k - digitsStart
        if k < limit && p[k] == 46 {
            k += 1
            let fractionStart = k
            while k < limit, p[k] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[k] &- 48)
                k += 1
            }
            fractionDigits = k - fractionStart
            digits += fractionDigits
        }
        guard digits > 0 && digits <= 18 else { return nil }
        var exponent = 0
        if k < limit && (p[k] | 0x20) == 101 {
            k += 1
            var expNegative = false
            if k < limit && (p[k] == 45 || p[k] == 43) { expNegative = p[k] == 45; k += 1 }
            let expStart = k
            while k < limit, p[k] &- 48 < 10, k - expStart < 4 {
                exponent = exponent * 10 + Int(p[k] &- 48)
                k += 1
            }
            guard k > expStart else { return nil }
            if expNegative { exponent = -exponent }
        }
        let scale = exponent - fractionDigits
        guard scale >= -22 && scale <= 22 else { return nil }
        var value = Double(mantissa)
        value = scale < 0 ? value * negativePowerOfTen(-scale) : value * powerOfTen(scale)
        let single = Float(negative ? -value : value)
        guard single.isFinite else { return nil }
        i = k
        return single
    }

    @usableFromInline
    static func slowParse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double {
        var buffer = [CChar](repeating: 0, count: count + 1)
        for k in 0..<count { buffer[k] = CChar(bitPattern: p[k]) }
        return abs(strtod(buffer, nil))
    }
}
