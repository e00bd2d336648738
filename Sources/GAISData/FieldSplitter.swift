/// One field of a record: byte range of its content (trimmed when unquoted; inside the quotes
/// when quoted) and whether it was quoted with doubled quotes inside (needs unescaping).
struct FieldSpan {
    var start: Int
    var end: Int
    var quoted: Bool
    var escaped: Bool
}

/// A reusable list of field spans (a class over raw storage, so appending in the hot loop
/// costs no copy-on-write checks).
final class FieldBuffer {
    private(set) var base: UnsafeMutablePointer<FieldSpan>
    private var capacity: Int
    var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(4, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func removeAll() { count = 0 }

    @inline(__always) func append(_ span: FieldSpan) {
        if count == capacity { grow() }
        base[count] = span
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    @inline(__always) subscript(i: Int) -> FieldSpan {
        precondition(i >= 0 && i < count, "field index out of range")
        return base[i]
    }

    var spans: [FieldSpan] { (0..<count).map { base[$0] } }
}

/// Why a record could not be split.
enum SplitFailure: Error {
    case unterminatedQuote
    case textAfterQuote

    /// The message readers report (after `FILE:LINE: `).
    var message: String {
        switch self {
        case .unterminatedQuote: return "unterminated quoted field"
        case .textAfterQuote: return "unexpected text after a closing quote"
        }
    }
}

/// Splits delimited records (RFC 4180 quoting with a configurable quote set), one record at a
/// time, over a byte buffer. Reuses one field array; never allocates per field.
///
/// The quoting rule (the chunk planner follows it too, by calling `split`): a quote opens a
/// quoted field only as the first byte of a field (after padding); a quote anywhere else in an
/// unquoted field is an ordinary byte (`1,ab"c,x` has the field `ab"c`). After a closing
/// quote only padding, the delimiter or the line end may follow. Spaces and tabs around a field
/// are padding, except when the delimiter is itself a tab or a space.
struct FieldSplitter {
    /// Field separator.
    let delimiter: UInt8
    /// Bytes that open a quoted field (`"` for CSV; `"` and `'` for ARFF; none for KEEL).
    let quoteA: UInt8
    let quoteB: UInt8
    /// Whether spaces also separate fields (never for CSV; ARFF allows `a, b` only with commas).
    static let none: UInt8 = 0

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 }

    /// Padding around a field: a space or tab that is not the delimiter.
    @inline(__always)
    func isPad(_ b: UInt8) -> Bool { (b == 32 || b == 9) && b != delimiter }

    /// Splits the record starting at `start`, filling `fields`.
    /// - Returns: the offset just past the record's line terminator, and the number of `\n`
    ///   bytes consumed (more than one when a quoted field spans lines).
    @inline(__always)
    func split(_ p: UnsafePointer<UInt8>, start: Int, limit: Int, into fields: FieldBuffer,
               newlines: inout Int) throws(SplitFailure) -> Int {
        fields.removeAll()
        var i = start
        while true {
            // Skip leading spaces.
            while i < limit && isPad(p[i]) { i += 1 }
            let c: UInt8 = i < limit ? p[i] : 10
            if quoteA != 0 && (c == quoteA || c == quoteB) {
                let quote = c
                i += 1
                let contentStart = i
                var escaped = false
                while true {
                    guard i < limit else { throw .unterminatedQuote }
                    let b = p[i]
                    if b == quote {
                        if i + 1 < limit && p[i + 1] == quote {
                            escaped = true
                            i += 2
                            continue
                        }
                        break
                    }
                    if b == 10 { newlines += 1 }
                    i += 1
                }
                let contentEnd = i
                i += 1
                while i < limit && (isPad(p[i]) || p[i] == 13) { i += 1 }
                fields.append(FieldSpan(start: contentStart, end: contentEnd, quoted: true, escaped: escaped))
                if i >= limit { return limit }
                if p[i] == delimiter { i += 1; continue }
                if p[i] == 10 { newlines += 1; return i + 1 }
                throw .textAfterQuote
            }
            // Unquoted field: up to the delimiter or the end of the line.
            let fieldStart = i
            while i < limit && p[i] != delimiter && p[i] != 10 { i += 1 }
            var fieldEnd = i
            while fieldEnd > fieldStart && (isPad(p[fieldEnd - 1]) || p[fieldEnd - 1] == 13) {
                fieldEnd -= 1
            }
            fields.append(FieldSpan(start: fieldStart, end: fieldEnd, quoted: false, escaped: false))
            if i >= limit { return limit }
            if p[i] == delimiter { i += 1; continue }
            newlines += 1
            return i + 1
        }
    }

    /// The text of a field, with doubled quotes undone.
    func text(_ p: UnsafePointer<UInt8>, _ field: FieldSpan) -> String {
        let raw = String(decoding: UnsafeBufferPointer(start: p + field.start, count: field.end - field.start), as: UTF8.self)
        guard field.escaped else { return raw }
        var result = ""
        var previousWasQuote = false
        for ch in raw {
            let isQuote = ch.asciiValue == quoteA || ch.asciiValue == quoteB
            if isQuote && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = isQuote
            result.append(ch)
        }
        return result
    }
}
