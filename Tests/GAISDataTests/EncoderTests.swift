import Foundation
import Testing
@testable import GAISCore
@testable import GAISData

@Suite struct EncoderTests {
    @Test func minMaxOneHotImputationAndConstantColumns() throws {
        // x: 0, 10, missing (mean 5) ; colour: red, blue, missing (mode red) ; k: constant 7.
        var t = try readText("x,colour,k,class\n0,red,7,a\n10,blue,7,b\n?,?,7,a\n5,red,7,b\n")
        let encoder = TableEncoder.fit(t)
        #expect(encoder.plans[0] == .scaled(min: 0, max: 10, mean: 5))
        #expect(encoder.plans[1] == .oneHot(categoryCount: 2, mode: 1))
        #expect(encoder.plans[2] == .dropped)
        #expect(encoder.featureNames == ["x", "colour=blue", "colour=red"])
        let data = encoder.encode(&t)
        #expect(data.featureCount == 3)
        #expect(data.features == [0, 0, 1,  1, 1, 0,  0.5, 0, 1,  0.5, 0, 1])
        #expect(data.labels == [0, 1, 0, 1])
    }

    @Test func narrowerEncodingInPlaceMatchesFreshTransform() throws {
        var t = try readText("a,b,c,class\n1,5,3,x\n2,5,1,y\n4,5,2,x\n")
        let encoder = TableEncoder.fit(t)
        let fresh = encoder.transform(t.values)
        let data = encoder.encode(&t)
        #expect(data.features == fresh)
        #expect(data.features == [0, 1, 1.0 / 3, 0, 1, 0.5])
    }
}

@Suite struct RowWriterTests {
    @Test func keptRowsAreWrittenVerbatimWithHeader() throws {
        let text = "a , b,label\r\n1, \"x\" ,p\r\n2,y,q\r\n3,z,p"
        let t = try readText(text)
        let path = tempPath("rows.csv")
        try RowWriter.writeRows(of: t, indices: [0, 2], to: path)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == "a , b,label\r\n1, \"x\" ,p\r\n3,z,p\r\n")
    }

    @Test func roundTripOnKeelFileKeepsHeaderBlock() throws {
        let t = try TableReader.read(path: fixture("tiny.dat"))
        let path = tempPath("rows.dat")
        try RowWriter.writeRows(of: t, indices: [1], to: path)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        let original = try String(contentsOfFile: fixture("tiny.dat"), encoding: .utf8)
        let header = original.components(separatedBy: "@data\n")[0] + "@data\n"
        #expect(written == header + "2.0, green, ?, no\n")
        // Reading the written file gives exactly the kept row.
        let again = try TableReader.read(path: path)
        #expect(again.rowCount == 1 && again.labels == [1])
    }

    @Test func roundTripOnRandomSubsetsOfABundledDataset() throws {
        let path = datasetPath("keel/wine.csv")
        let t = try TableReader.read(path: path, options: ReadOptions(header: .no))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<5 {
            let kept = (0..<t.rowCount).filter { _ in generator.nextInt(below: 10) == 0 }
            let out = tempPath("wine-subset.csv")
            try RowWriter.writeRows(of: t, indices: kept, to: out)
            let written = try String(contentsOfFile: out, encoding: .utf8)
            #expect(written == kept.map { lines[$0] + "\n" }.joined())
        }
    }
}

func tempPath(_ name: String) -> String {
    NSTemporaryDirectory() + "gais-test-\(UInt32.random(in: 0...UInt32.max))-" + name
}

func datasetPath(_ relative: String) -> String {
    let here = URL(fileURLWithPath: #filePath)
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Datasets").appendingPathComponent(relative).path
}
