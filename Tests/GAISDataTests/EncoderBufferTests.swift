import Testing
@testable import GAISData
import GAISCore

/// The buffer entry points of the encoder (`fit(values:…)`, `transform(values:…)`, used by the
/// C interface) give bit for bit what the table path gives, for encodings that are wider
/// (one-hot), as wide (all scaled) and narrower (a constant column dropped) than the input.
@Suite struct EncoderBufferTests {
    static let tables = [
        // wider: a text column one-hot encoded, missing values in both kinds
        "a,t,class\n1.5,x,p\n?,y,q\n2.25,,p\n-4,z,q\n0.1,x,q\n",
        // as wide: numbers only
        "a,b,class\n1,10,p\n2,-3.5,q\n7.25,4,p\n?,0.5,q\n",
        // narrower: a constant column and an all-missing one dropped
        "a,c,b,m,class\n1,5,10,?,p\n2,5,-3.5,?,q\n7.25,5,4,?,p\n3,5,0.5,?,q\n",
    ]

    @Test(arguments: tables)
    func buffersEncodeAsTheTable(_ text: String) throws {
        var table = try TableReader.read(file: MappedFile(bytes: Array(text.utf8), path: "t.csv"))
        let raw = table.values
        let encoder = TableEncoder.fit(table)
        let fromBuffer = raw.withUnsafeBufferPointer {
            TableEncoder.fit(values: $0, rowCount: table.rowCount, columns: table.columns, context: .serial)
        }
        #expect(fromBuffer.plans == encoder.plans)
        #expect(fromBuffer.featureNames == encoder.featureNames)
        let expected = encoder.encode(&table)
        let features = raw.withUnsafeBufferPointer {
            fromBuffer.transform(values: $0, rowCount: expected.rowCount, context: ExecutionContext(threads: 3))
        }
        #expect(features.map(\.bitPattern) == expected.features.map(\.bitPattern))
        #expect(encoder.transform(raw).map(\.bitPattern) == expected.features.map(\.bitPattern))
    }
}
