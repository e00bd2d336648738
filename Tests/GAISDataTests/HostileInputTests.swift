import Foundation
import Testing
@testable import GAISCore
@testable import GAISData

/// Inputs a hostile (or unlucky) user gives the readers (issue 11): each test failed before its fix.
@Suite struct QuoteRuleTests {
    /// Defect 1: the chunk planner toggled its quote state on every quote byte while the field
    /// splitter honours quotes only at the start of a field; two stray quotes on consecutive
    /// lines made the planner count one record where the parser found two, and the parser wrote
    /// past the row buffers (heap corruption).
    @Test func quoteInsideAnUnquotedFieldIsAnOrdinaryByte() throws {
        let t = try readText("a,b,c\n1,ab\"c,x\n2,d\"e,y\n3,f,x\n")
        #expect(t.rowCount == 3)
        #expect(t.columns[1].kind == .categorical(categories: ["ab\"c", "d\"e", "f"]))
        #expect(t.classNames == ["x", "y"])
        #expect(t.rowLines == [2, 3, 4])
    }

    @Test func strayQuotesInALargeMultiChunkFile() throws {
        var text = "a,b,c\n"
        var expected = 0
        for i in 0..<150_000 {
            switch i % 4 {
            case 0: text += "\(i),ab\"c\(i % 7),x\n"
            case 1: text += "\(i),\"q,\"\"r\",y\n"
            case 2: text += "\(i),d\"\"e,x\n"
            default: text += "\(i),\"multi\nline\",y\n"
            }
            expected += 1
        }
        #expect(text.utf8.count > 2 * DelimitedParser.targetChunkBytes)
        let t = try readText(text)
        #expect(t.rowCount == expected)
        #expect(t.values[0] == 0 && t.values[2 * (expected - 1)] == Float(expected - 1))
        // The last record (a two-line one) starts after the header and 3 + 2 lines per 4 records before it.
        #expect(t.rowLines.last == Int32(expected + expected / 4))
    }

    @Test func arffApostropheInsideAValue() throws {
        let t = try readText("@relation r\n@attribute name string\n@attribute x numeric\n@attribute c {a,b}\n@data\nO'Brien,1,a\nSmith,2,b\nd'Arcy,3,a\n",
                             name: "t.arff")
        #expect(t.rowCount == 3)
        #expect(t.columns[0].kind == .categorical(categories: ["O'Brien", "Smith", "d'Arcy"]))
    }

    @Test func textAfterAClosingQuoteIsReportedOnItsLine() {
        let message = errorMessage { _ = try readText("a,b,c\n1,2,x\n3,\"ab\"c,y\n4,5,x\n") }
        #expect(message == "test.csv:3: unexpected text after a closing quote")
    }

    @Test func anEarlierErrorWinsOverAQuoteErrorFurtherOn() {
        let message = errorMessage { _ = try readText("a,b,c\n1,2,x\n3,y\n4,\"ab\"c,y\n") }
        #expect(message == "test.csv:3: expected 3 fields, found 2")
    }
}

@Suite struct TabDelimitedTests {
    /// Defect 12: the tab delimiter was trimmed as padding.
    @Test func emptyFieldBetweenTwoTabsIsMissing() throws {
        let t = try readText("a\tb\tc\td\n1\t\t3\tx\n4\t5\t6\ty\n", options: ReadOptions(delimiter: 9))
        #expect(t.rowCount == 2)
        #expect(t.columns[1].missingCount == 1)
        #expect(t.values[1].isNaN)
        #expect(t.values[3...] == [4, 5, 6])
    }

    @Test func quotedFieldInATabSeparatedFile() throws {
        let t = try readText("a\tb\tc\n1\t\"x y\"\tp\n2\t\"z\"\tq\n", options: ReadOptions(delimiter: 9))
        #expect(t.rowCount == 2)
        #expect(t.columns[1].kind == .categorical(categories: ["x y", "z"]))
    }

    @Test func spacesStillPadTabSeparatedFields() throws {
        let t = try readText("a\tb\tc\n 1 \t 2\tp\n3\t4 \tq\n", options: ReadOptions(delimiter: 9))
        #expect(t.values == [1, 2, 3, 4])
    }
}
