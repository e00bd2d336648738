import GAISCore
import GAISKernels
@testable import GAISData
import Testing

/// The reader's number scan takes a branch-free path for short plain decimals and the general
/// byte-by-byte one for the rest; both must give the same value, bit for bit, and the same end.
@Suite struct NumberScanTests {
    /// Scans `text` from its start with both paths.
    func bothScans(_ text: String) -> (fast: (Float?, Int), general: (Float?, Int)) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var i = 0, j = 0
            let fast = NumberParser.scan(buffer.baseAddress!, &i, buffer.count)
            let general = NumberParser.scanGeneral(buffer.baseAddress!, &j, buffer.count)
            return ((fast, i), (general, j))
        }
    }

    func same(_ a: (Float?, Int), _ b: (Float?, Int)) -> Bool {
        a.1 == b.1 && a.0?.bitPattern == b.0?.bitPattern
    }

    @Test func handCheckedFields() {
        let padding = ",0.25,1.5,2.75,3"   // enough bytes after the field for the fast path
        let cases: [(String, Float?, Int)] = [
            ("0.90847", 0.90847, 7), ("-3.882289", -3.882289, 9), ("+12.5", 12.5, 5), ("7", 7, 1),
            ("-0", -0.0, 2), (".5", 0.5, 2), ("5.", 5, 2), ("1234567.1234567", 1234567.1234567, 15),
            ("-", nil, 0), (".", nil, 0), ("x", nil, 0),
        ]
        for (field, value, end) in cases {
            let (fast, general) = bothScans(field + padding)
            #expect(fast.0?.bitPattern == value?.bitPattern, "\(field)")
            if value != nil { #expect(fast.1 == end, "\(field)") }
            #expect(same(fast, general), "\(field)")
        }
    }

    /// Random fields of every shape near the fast path's limits (7 and 8 digits, exponents,
    /// signs, stray characters), each followed by more text or by the end of the buffer.
    @Test func fastPathEqualsGeneralScan() {
        var generator = Seed(21).generator
        let alphabet = Array("0123456789")
        func digits(_ count: Int) -> String { String((0 ..< count).map { _ in alphabet.randomElement(using: &generator)! }) }
        var fastHits = 0
        for _ in 0 ..< 20_000 {
            var field = ["", "-", "+", ""].randomElement(using: &generator)!
            field += digits(Int.random(in: 0 ... 9, using: &generator))
            if Int.random(in: 0 ..< 4, using: &generator) > 0 { field += "." + digits(Int.random(in: 0 ... 9, using: &generator)) }
            if Int.random(in: 0 ..< 10, using: &generator) == 0 { field += ["e", "E", "e-", "e+"].randomElement(using: &generator)! + digits(Int.random(in: 0 ... 3, using: &generator)) }
            if Int.random(in: 0 ..< 20, using: &generator) == 0 { field += [".", "x", "-", "e"].randomElement(using: &generator)! }
            let tail = [",", "\n", ",1.25,-3", ",12345678,9.87654321,5", ""].randomElement(using: &generator)!
            let (fast, general) = bothScans(field + tail)
            #expect(same(fast, general), "\(field + tail)")
            let bytes = Array((field + tail).utf8)
            var value: Float = 0, end = 0
            fastHits += Int(gais_scan_number(bytes, 0, bytes.count, &value, &end))
        }
        // The comparison means something only if the fast path took a fair share of the fields.
        #expect(fastHits > 2_000)
    }
}
