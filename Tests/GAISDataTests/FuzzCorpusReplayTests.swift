import Foundation
import Testing
@testable import GAISCore
@testable import GAISData

/// Replays every kept fuzz input (FuzzTesting/Corpus/<target>/: the seeds and every input that
/// once crashed or broke an invariant) through the fuzz targets' own checks, without libFuzzer,
/// on every test run. (`arguments` inputs are replayed by the command-line tests.)
@Suite struct FuzzCorpusReplayTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("FuzzTesting/Corpus")
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyKeptInputPassesTheChecks(_ target: FuzzTarget) throws {
        let directory = Self.corpus.appendingPathComponent(target.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names.count >= 4, "\(directory.path) holds \(names.count) inputs")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            do {
                try FuzzChecks.run(target, bytes)
            } catch {
                Issue.record("\(target.rawValue)/\(name): \(error.description)")
            }
        }
    }
}
