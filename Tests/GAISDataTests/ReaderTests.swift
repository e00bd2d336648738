import Foundation
import Testing
@testable import GAISCore
@testable import GAISData

/// Reads `text` as if it were a file named `name`.
func readText(_ text: String, name: String = "test.csv", options: ReadOptions = ReadOptions()) throws -> Table {
    try TableReader.read(file: MappedFile(bytes: Array(text.utf8), path: name), options: options)
}

func fixture(_ name: String) -> String {
    Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures")!
}

/// The message of the GAISError thrown by `body`, or nil.
func errorMessage(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch let e as GAISError { return e.description } catch { return "\(error)" }
}

@Suite struct CSVReaderTests {
    @Test func headerIsDetectedAndNumbersTrimmed() throws {
        let t = try readText("x, y ,class\n 1.5 , 2,a\n3,4e1,b\n")
        #expect(t.rowCount == 2)
        #expect(t.columns.map(\.name) == ["x", "y "].map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(t.values == [1.5, 2, 3, 40])
        #expect(t.classNames == ["a", "b"])
        #expect(t.labels == [0, 1])
        #expect(t.headerRange == 0..<12)
    }

    @Test func noHeaderWhenFirstLineIsData() throws {
        let t = try readText("1,2,a\n3,4,b\n")
        #expect(t.rowCount == 2)
        #expect(t.headerRange.isEmpty)
        #expect(t.columns.map(\.name) == ["0", "1"])
    }

    @Test func allTextHeaderIsDetectedByNonRecurrence() throws {
        let t = try readText("colour,shape,class\nred,round,a\nblue,square,b\nred,square,a\n")
        #expect(t.rowCount == 3)
        #expect(t.columns.map(\.name) == ["colour", "shape"])
        // mushroom-like data: values of the first line recur below, so it is data.
        let d = try readText("x,s,p\nx,y,e\nb,s,p\n")
        #expect(d.rowCount == 3)
    }

    @Test func headerModeCanBeForced() throws {
        let t = try readText("1,2,a\n3,4,b\n5,6,a\n", options: ReadOptions(header: .yes))
        #expect(t.rowCount == 2)
        #expect(t.columns.map(\.name) == ["1", "2"])
    }

    @Test func quotingCRLFAndEscapedQuotes() throws {
        let t = try TableReader.read(path: fixture("quoted.csv"))
        #expect(t.rowCount == 3)
        guard case .categorical(let categories) = t.columns[1].kind else {
            Issue.record("column b should be text"); return
        }
        #expect(categories == ["say \"hi\"", "x", "y, z"])
        #expect(t.values[0] == 1 && t.values[2] == 2.5 && t.values[4] == 3)
        #expect(t.classNames == ["p", "q"])
    }

    @Test func quotedFieldMaySpanLines() throws {
        let t = try readText("a,note,c\n1,\"two\nlines\",x\n2,plain,y\n")
        #expect(t.rowCount == 2)
        #expect(t.rowLines == [2, 4])
    }

    @Test func textColumnsBecomeCategoricalAndMissingValuesAreCounted() throws {
        let t = try readText("1,red,a\n?,blue,b\nNA,,a\nNaN,red,b\n", options: ReadOptions(header: .no))
        #expect(t.columns[0].kind == .numeric)
        #expect(t.columns[0].missingCount == 3)
        #expect(t.columns[1].kind == .categorical(categories: ["blue", "red"]))
        #expect(t.columns[1].missingCount == 1)
        #expect(t.values[2].isNaN && t.values[3] == 0)
    }

    @Test func delimiterAndLabelOptions() throws {
        let t = try readText("c;x;y\na;1;2\nb;3;4\n", options: ReadOptions(delimiter: 59, label: .name("c")))
        #expect(t.labelName == "c")
        #expect(t.values == [1, 2, 3, 4])
        let byIndex = try readText("a;1;2\nb;3;4\n", options: ReadOptions(header: .no, delimiter: 59, label: .index(0)))
        #expect(byIndex.classNames == ["a", "b"])
        let fromEnd = try readText("1,2,a\n3,4,b\n", options: ReadOptions(label: .index(-2)))
        #expect(fromEnd.classNames == ["2", "4"])
    }

    @Test func numericClassNamesSortNumerically() throws {
        let t = try readText("1,10\n2,9\n3,10\n4,1\n")
        #expect(t.classNames == ["1", "9", "10"])
    }

    @Test func largeFileSplitsIntoChunksConsistently() throws {
        // About 2.5 MB: several parallel chunks; rows and line numbers must be continuous.
        var text = "f1,f2,class\n"
        for i in 0..<120_000 { text += "\(i),\(Double(i) / 8),\(i % 3 == 0 ? "a" : "b")\n" }
        let t = try readText(text)
        #expect(t.rowCount == 120_000)
        #expect(t.values[2 * 99_999] == 99_999)
        #expect(t.rowLines[99_999] == 100_001)
        #expect(t.labels[99_999] == 0 && t.labels[99_998] == 1)
    }
}

@Suite struct CSVErrorTests {
    @Test(arguments: [
        ("a,b,c\n1,2,x\n3,y\n", "test.csv:3: expected 3 fields, found 2"),
        ("a,b,c\n1,2,x\n3,\"4,y\n", "test.csv:3: unterminated quoted field"),
        ("", "test.csv:1: the file is empty"),
        ("\n  \n", "test.csv:1: the file is empty"),
        ("a,b,c\n", "test.csv:1: a header with no data rows"),
        ("x,y\n1,a\ninf,b\n", "test.csv:3: column 'x': 'inf' is infinite or out of range"),
        ("x,y\n1,a\n1e39,b\n", "test.csv:3: column 'x': '1e39' is infinite or out of range"),
        ("x,y\n1,a\n2,?\n", "test.csv:3: missing class label"),
        ("1\n2\n", "test.csv:1: found 1 column; need at least one feature column and a label column (is --delimiter right?)"),
    ])
    func badInput(text: String, expected: String) {
        #expect(errorMessage { _ = try readText(text) } == expected)
    }

    @Test func missingLabelColumn() {
        #expect(errorMessage { _ = try readText("a,b\n1,x\n", options: ReadOptions(label: .name("class"))) }
                == "test.csv:1: no label column named 'class' (columns: a, b)")
        #expect(errorMessage { _ = try readText("1,x\n2,y\n", options: ReadOptions(label: .index(5))) }
                == "test.csv:1: no label column 5: the file has 2 columns (0 to 1)")
    }

    @Test func binaryAndInvalidUTF8() {
        let binary = MappedFile(bytes: Array("a,b\n1,x\n".utf8) + [0, 1, 2], path: "bin.csv")
        #expect(errorMessage { _ = try TableReader.read(file: binary) } == "bin.csv:3: binary content (NUL byte); expected a text table")
        let latin1 = MappedFile(bytes: Array("a,b\n1,x\n2,caf".utf8) + [0xE9, 10], path: "l1.csv")
        #expect(errorMessage { _ = try TableReader.read(file: latin1) } == "l1.csv:3: invalid UTF-8 (byte 0xE9)")
        let utf8 = MappedFile(bytes: Array("a,b\n1,café\n2,x\n".utf8), path: "ok.csv")
        #expect(errorMessage { _ = try TableReader.read(file: utf8) } == nil)
    }
}

@Suite struct DeclaredFormatTests {
    @Test func keelHeaderTypesAndOutputs() throws {
        let t = try TableReader.read(path: fixture("tiny.dat"))
        #expect(t.format == .keel)
        #expect(t.rowCount == 3)
        #expect(t.labelName == "Class")
        #expect(t.classNames == ["yes", "no"])
        #expect(t.labels == [0, 1, 0])
        #expect(t.columns.map(\.name) == ["Width", "Colour", "Count"])
        #expect(t.columns[1].kind == .categorical(categories: ["red", "green"]))
        #expect(t.columns[2].missingCount == 1)
        #expect(t.rowLines == [9, 11, 12])
    }

    @Test func arffQuotesCommentsAndCaseInsensitiveKeywords() throws {
        let t = try TableReader.read(path: fixture("tiny.arff"))
        #expect(t.format == .arff)
        #expect(t.rowCount == 4)
        #expect(t.labelName == "play")
        #expect(t.columns.map(\.name) == ["outlook type", "temperature", "note"])
        #expect(t.columns[0].kind == .categorical(categories: ["sunny", "over cast", "rainy"]))
        #expect(t.values[1] == 85 && t.values[4] == 83.5 && t.values[7].isNaN && t.values[10] == 70)
        guard case .categorical(let notes) = t.columns[2].kind else { Issue.record("note is text"); return }
        #expect(Set(notes) == ["hot day", "mild, dry", "cool", "it's fine"])
    }

    @Test func undeclaredNominalValuesAreErrors() {
        let keel = "@relation r\n@attribute a {x, y}\n@attribute c {p, q}\n@data\nx, p\nz, q\n"
        #expect(errorMessage { _ = try readText(keel, name: "r.dat") } == "r.dat:6: value 'z' of column 'a' is not declared in the header")
        let arff = "@relation r\n@attribute a numeric\n@attribute c {p, q}\n@data\n1, p\n2, w\n"
        #expect(errorMessage { _ = try readText(arff, name: "r.arff") } == "r.arff:6: class 'w' is not declared in the header")
        let numeric = "@relation r\n@attribute a numeric\n@attribute c {p, q}\n@data\nabc, p\n"
        #expect(errorMessage { _ = try readText(numeric, name: "r.arff") } == "r.arff:5: column 'a' is numeric, found 'abc'")
        #expect(errorMessage { _ = try readText("@relation r\n@attribute a numeric\n", name: "r.arff") } == "r.arff:2: no @data line")
    }

    @Test func libsvmRowsAreMadeDense() throws {
        let t = try TableReader.read(path: fixture("tiny.libsvm"))
        #expect(t.format == .libsvm)
        #expect(t.rowCount == 3)
        #expect(t.columns.count == 3)
        #expect(t.values == [0.5, 0, 2, 0, 1.25, 0, 1, 2, 3])
        #expect(t.classNames == ["-1", "1"])   // numeric labels by value: "+1" is class 1
        #expect(t.labels == [1, 0, 1])
    }

    @Test(arguments: [
        ("1 0:1\n", "t.libsvm:1: feature index 0 must be 1 or more (indices are 1-based)"),
        ("1 1:1\n2 -3:1\n", "t.libsvm:2: feature index -3 must be 1 or more (indices are 1-based)"),
        ("1 1:1\n2 x:1\n", "t.libsvm:2: feature index 'x' is not a number"),
        ("1 1:1\n2 2:abc\n", "t.libsvm:2: value 'abc' of feature 2 is not a number"),
        ("1 2:1 1:1\n", "t.libsvm:1: feature index 1 is not above the previous index 2"),
    ])
    func libsvmErrors(text: String, expected: String) {
        #expect(errorMessage { _ = try readText(text, name: "t.libsvm") } == expected)
    }
}

@Suite struct NumberParsingPropertyTests {
    /// Random numbers in many spellings (signs, exponents, spaces, CRLF, missing values) must
    /// read as Swift's own `Float(String)` reads them, whichever parser path takes the row.
    @Test(arguments: [1, 2, 3])
    func randomSpellingsMatchSwiftsParser(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        var text = "a,b,c,label\n"
        var expected: [Float] = []
        for r in 0..<400 {
            var fields: [String] = []
            for _ in 0..<3 {
                let mantissa = Double(g.nextInt(below: 2_000_000)) - 1_000_000
                var spelled: String
                switch g.nextInt(below: 6) {
                case 0: spelled = String(Int(mantissa))
                case 1: spelled = String(mantissa / 1000)
                case 2: spelled = "\(mantissa / 7)e\(g.nextInt(below: 9) - 4)"
                case 3: spelled = " +\(abs(mantissa) / 100) "
                case 4: spelled = "\(mantissa / 3)"
                default: spelled = g.nextInt(below: 4) == 0 ? "?" : String(mantissa / 10)
                }
                fields.append(spelled)
                let trimmed = spelled.trimmingCharacters(in: .whitespaces)
                expected.append(trimmed == "?" ? .nan : Float(Double(trimmed.replacingOccurrences(of: "+", with: ""))!))
            }
            text += fields.joined(separator: ",") + ",\(r % 3)" + (r % 5 == 0 ? "\r\n" : "\n")
        }
        let t = try readText(text)
        #expect(t.rowCount == 400)
        for (k, value) in expected.enumerated() {
            if value.isNaN { #expect(t.values[k].isNaN) } else { #expect(t.values[k] == value, "value \(k), seed \(seed)") }
        }
    }
}
