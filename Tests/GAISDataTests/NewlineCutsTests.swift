import GAISCore
import Testing
@testable import GAISData

/// `MappedFile.newlineCuts`, the chunk boundaries of the parallel readers.
@Suite struct NewlineCutsTests {
    @Test func handCheckedCuts() {
        // Lines "aaa\n" (0–3), "bb\n" (4–6), "c\n" (7–8), "dddd" (9–12): probes at 1+4 = 5 and
        // 1+8 = 9 move on to the starts of the lines after them.
        let file = MappedFile(bytes: Array("aaa\nbb\nc\ndddd".utf8), path: "cuts.csv")
        #expect(file.newlineCuts(count: 3, from: 1, to: 13) == [1, 7, 9, 13])
        #expect(file.newlineCuts(count: 1, from: 0, to: 13) == [0, 13])
        #expect(file.newlineCuts(count: 4, from: 13, to: 13) == [13, 13])
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func cutsStartLinesAfterTheirEvenSplitPoints(seed: UInt64) {
        var generator = Seed(seed).child("newline-cuts").generator
        for _ in 0..<200 {
            let length = Int(generator.next() % 300)
            let bytes = (0..<length).map { _ in generator.next() % 5 == 0 ? UInt8(10) : UInt8(97) }
            let file = MappedFile(bytes: bytes, path: "cuts.csv")
            let from = length == 0 ? 0 : Int(generator.next() % UInt64(length))
            let count = 1 + Int(generator.next() % 12)
            let cuts = file.newlineCuts(count: count, from: from, to: length)
            #expect(cuts.first == from && cuts.last == length)
            guard count > 1 && length > from else { #expect(cuts.count == 2); continue }
            #expect(cuts.count == count + 1)
            #expect(zip(cuts, cuts.dropFirst()).allSatisfy { $0 <= $1 })
            for c in 1..<count {
                let probe = max(from + 1, from + c * ((length - from) / count))
                // The first line start at or after the probe (or the end), unless the previous
                // cut already lies beyond it.
                var expected = probe
                while expected < length && bytes[expected - 1] != 10 { expected += 1 }
                #expect(cuts[c] == max(expected, cuts[c - 1]))
            }
        }
    }
}
