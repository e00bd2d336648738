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

@Suite struct ByteOrderMarkAndLineEndTests {
    static let bom = "\u{FEFF}"

    /// Defect 10: the BOM became part of the first field.
    @Test func csvHeaderWithAByteOrderMark() throws {
        let t = try readText(Self.bom + "x,y,class\n1,2,a\n3,4,b\n")
        #expect(t.rowCount == 2)
        #expect(t.columns.map(\.name) == ["x", "y"])
        #expect(t.headerRange == 0..<13)   // written back verbatim, mark included
        let noHeader = try readText(Self.bom + "1,2,a\n3,4,b\n")
        #expect(noHeader.rowCount == 2 && noHeader.headerRange == 0..<3 && noHeader.values == [1, 2, 3, 4])
        #expect(noHeader.rowStarts[0] == 3)
    }

    @Test func keelArffAndLibsvmWithAByteOrderMark() throws {
        let keel = try readText(Self.bom + "@relation r\n@attribute x real\n@attribute c {a,b}\n@data\n1,a\n2,b\n", name: "t.dat")
        #expect(keel.rowCount == 2)
        let arff = try readText(Self.bom + "@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n1,a\n2,b\n", name: "t.arff")
        #expect(arff.rowCount == 2)
        let libsvm = try readText(Self.bom + "1 1:1\n1 1:2\n2 1:3\n", name: "t.libsvm")
        #expect(libsvm.classNames == ["1", "2"])
        #expect(libsvm.labels == [0, 0, 1])
    }

    /// Defect 11: CR-only line ends were read as one row.
    @Test func crOnlyLineEndsAreRefusedClearly() {
        let message = errorMessage { _ = try readText("a,b,c\r1,2,x\r3,4,y\r") }
        #expect(message == "test.csv:1: line ends are CR only (classic Mac OS); convert them to LF or CRLF")
        #expect(errorMessage { _ = try readText("1 1:1\r2 1:2\r", name: "t.libsvm") }?.contains("CR only") == true)
    }

    @Test func crlfAndTrailingCRsAreStillFine() throws {
        #expect(try readText("a,b,c\r\n1,2,x\r\n3,4,y\r\n").rowCount == 2)
        #expect(try readText("a,b,c\r\r\n1,2,x\r\n3,4,y").rowCount == 2)
    }
}

@Suite struct LIBSVMHostileTests {
    /// Defect 15: `nan` and `?` became classes; `+1` and `1` were two classes.
    @Test func missingLabelsAreRefused() {
        #expect(errorMessage { _ = try readText("1 1:1\nnan 1:2\n", name: "t.libsvm") } == "t.libsvm:2: missing class label")
        #expect(errorMessage { _ = try readText("1 1:1\n? 1:2\n", name: "t.libsvm") } == "t.libsvm:2: missing class label")
    }

    @Test func numericLabelsAreOneClassHoweverWritten() throws {
        let t = try readText("+1 1:1\n1 1:2\n1.0 1:3\n-1 1:4\n-1.0 1:5\n1e0 1:6\nspam 1:7\n", name: "t.libsvm")
        #expect(t.classNames == ["-1", "1", "spam"])
        #expect(t.labels == [1, 1, 1, 0, 0, 1, 2])
    }

    /// Defect 2: one large index made the rows dense without a size check (39,999,996,032 bytes).
    @Test func aDenseMatrixTooLargeIsRefusedWithItsSize() {
        var text = "1 9999999:1\n"
        for i in 0..<9_999 { text += "\(i % 2) 1:\(i)\n" }
        let message = errorMessage { _ = try readText(text, name: "t.libsvm") } ?? ""
        #expect(message.hasPrefix("t.libsvm:1: feature index 9999999 makes the 10000 rows dense 400.0 GB"), "\(message)")
        #expect(message.contains("sparse rows are not supported"))
    }
}

@Suite struct DeclaredHeaderStrictnessTests {
    static let attributes = "@relation r\n@attribute x real\n@attribute y real\n@attribute c {a,b}\n"

    /// Defect 16.
    @Test func aNominalValueDeclaredTwice() {
        let message = errorMessage { _ = try readText("@relation r\n@attribute x real\n@attribute c {a,a,b}\n@data\n1,a\n2,b\n", name: "t.dat") }
        #expect(message == "t.dat:3: value 'a' is declared twice in @attribute 'c'")
    }

    @Test func anAttributeDeclaredTwice() {
        let message = errorMessage { _ = try readText("@relation r\n@attribute x real\n@attribute x real\n@attribute c {a,b}\n@data\n1,1,a\n", name: "t.arff") }
        #expect(message == "t.arff:3: attribute 'x' is declared twice")
    }

    @Test func aRowOnTheDataLine() {
        let message = errorMessage { _ = try readText(Self.attributes + "@data 1,2,a\n3,4,b\n", name: "t.dat") }
        #expect(message == "t.dat:5: data on the @data line ('1,2,a'); rows go on the lines after it")
    }

    @Test func sparseRowAfterAComment() {
        let message = errorMessage { _ = try readText(Self.attributes + "@data\n% sparse rows follow\n\n{0 1, 2 a}\n", name: "t.arff") }
        #expect(message == "t.arff:8: sparse ARFF data is not supported")
    }

    @Test func inputsAndOutputsMustNameAttributes() {
        let inputs = errorMessage { _ = try readText(Self.attributes + "@inputs x,zz\n@outputs c\n@data\n1,2,a\n", name: "t.dat") }
        #expect(inputs == "t.dat:5: @inputs names 'zz', which is not an attribute")
        let outputs = errorMessage { _ = try readText(Self.attributes + "@inputs x,y\n@outputs k\n@data\n1,2,a\n", name: "t.dat") }
        #expect(outputs == "t.dat:6: @outputs names 'k', which is not an attribute")
    }
}

@Suite struct MessageEscapingTests {
    /// Defect 14: raw text in messages (a newline split them; a 2 MB field made a 2 MB message).
    @Test func quotedValuesAreEscapedAndCut() {
        let long = String(repeating: "z", count: 2_000_000)
        let message = errorMessage { _ = try readText("@relation r\n@attribute x real\n@attribute c {a,b}\n@data\n\(long),a\n", name: "t.dat") } ?? ""
        #expect(message.utf8.count < 200, "\(message.utf8.count)")
        #expect(message.contains("… (2000000 characters)"))
        let newline = errorMessage { _ = try readText("@relation r\n@attribute x real\n@attribute c {a,b}\n@data\n1,\"a\nb\"\n", name: "t.arff") } ?? ""
        #expect(!newline.contains("\n") && newline.contains("a\\nb"), "\(newline)")
    }
}

@Suite struct ChangingInputTests {
    /// Defect 6: a mapped file that shrinks must not kill the process with SIGBUS.
    @Test func aMappedFileTruncatedUnderneathReadsZerosAndReportsTheChange() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gais-shrink-\(UUID().uuidString).csv").path
        defer { unlink(path) }
        var text = "a,b,class\n"
        for i in 0..<400_000 { text += "\(i),\(i % 7),k\(i % 3)\n" }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let file = try MappedFile(path: path)
        #expect(!file.changed)
        #expect(truncate(path, 4096) == 0)
        var sum = 0
        for b in file.bytes { sum &+= Int(b) }   // pages past the new end: zeros, not SIGBUS
        #expect(sum > 0)
        #expect(file.changed)
        #expect(throws: GAISError.self) { try file.checkUnchanged() }
        #expect(errorMessage { _ = try TableReader.read(file: file); try file.checkUnchanged() }?.contains("input changed") == true)
    }

    @Test func aFileRewrittenInPlaceIsReportedToo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gais-rewrite-\(UUID().uuidString).csv").path
        defer { unlink(path) }
        try "a,b,class\n1,2,x\n3,4,y\n".write(toFile: path, atomically: false, encoding: .utf8)
        let file = try MappedFile(path: path)
        usleep(20_000)
        let fd = open(path, O_WRONLY)
        _ = "9".withCString { write(fd, $0, 1) }
        close(fd)
        #expect(file.changed)
    }
}

@Suite struct GeneratorBoundsTests {
    /// Defect 4: NaN/infinite separation and huge sizes crashed (or tried to allocate 20 GB).
    @Test(arguments: [
        SyntheticGenerator(rows: 10, features: 4, classes: 2, classSeparation: .nan),
        SyntheticGenerator(rows: 10, features: 4, classes: 2, classSeparation: .infinity),
        SyntheticGenerator(rows: Int.max, features: 4, classes: 2),
        SyntheticGenerator(rows: 10, features: 100_000, classes: 2),
        SyntheticGenerator(rows: 10, features: 4, classes: Int.max),
        SyntheticGenerator(rows: 10, features: 40, classes: 3, clustersPerClass: Int.max / 2),
        SyntheticGenerator(rows: 10, features: 4, classes: 2, classWeights: [1e308, 1e308]),
    ])
    func outOfRangeParametersAreRefused(_ generator: SyntheticGenerator) {
        #expect(throws: GAISError.self) { try generator.validate() }
    }

    @Test func wideRowsAreHandedOverInPiecesWithTheSameBytes() throws {
        let generator = SyntheticGenerator(rows: 300, features: 7, classes: 3, seed: 4)
        try generator.validate()
        let model = generator.model()
        let whole = generator.renderBlock(0, model: model)
        var pieces: [[UInt8]] = []
        generator.renderBlock(0, model: model, pieceBytes: 100) { pieces.append($0) }
        #expect(pieces.count > 10)
        #expect(pieces.flatMap { $0 } == whole)
        #expect(pieces.allSatisfy { $0.last == 10 })
    }
}

@Suite struct EncoderRangeTests {
    /// A column from -3e38 to 3e38: max − min overflows Float, and (v − min)/(max − min) was inf/inf = NaN.
    @Test func aRangeBeyondFloatStillScalesIntoZeroOne() throws {
        var t = try readText("a,b,class\n-3e38,1,x\n3e38,2,y\n0,3,x\n")
        let data = TableEncoder.fit(t).encode(&t)
        #expect(data.features.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(data.features)")
        #expect(data.features[0] == 0 && data.features[2] == 1 && abs(data.features[4] - 0.5) < 1e-6)
    }
}

@Suite struct ManyOpenInputsTests {
    /// More inputs open at once than the SIGBUS guard has slots (64): the rest are read into memory.
    @Test func seventyFilesOpenAtOnce() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gais-many-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [MappedFile] = []
        for k in 0..<70 {
            let path = directory.appendingPathComponent("\(k).csv").path
            try "a,class\n\(k),x\n\(k + 1),y\n".write(toFile: path, atomically: false, encoding: .utf8)
            files.append(try MappedFile(path: path))
        }
        for (k, file) in files.enumerated() {
            #expect(file.string(0..<file.bytes.count) == "a,class\n\(k),x\n\(k + 1),y\n")
            #expect(!file.changed)
        }
    }
}

@Suite struct CommentLineTests {
    /// A numeric label in the first column takes the parser's fast path, which took a comment
    /// line ("%1,2") for a record the planner had skipped (caught as an internal error, not a
    /// write past the rows, since the chunk writes are bounded).
    @Test func commentLinesAreSkippedWithTheLabelFirst() throws {
        let text = "@relation r\n@attribute y real\n@attribute x real\n@data\n1,2\n%3,4\n \r%5,6\n2,3\n1,4\n"
        let t = try readText(text, name: "t.dat", options: ReadOptions(label: .index(0)))
        #expect(t.rowCount == 3)
        #expect(t.values == [2, 3, 4])
        #expect(t.classNames == ["1", "2"])
    }
}
