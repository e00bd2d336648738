import Foundation
import Testing
@testable import GAISCore
@testable import GAISData

/// `AtomicFile` with `cacheBypass`: whole buffers past the threshold go with O_DIRECT, the rest
/// through the page cache, and the file holds exactly the bytes given, however they were cut.
@Suite struct AtomicFileDirectWriteTests {
    static let megabyte = 1 << 20

    /// Writes `total` seeded bytes in pieces of 1 byte to 3 MB and returns them with the file.
    func writePieces(to path: String, total: Int, seed: UInt64, cacheBypass: Bool,
                     directAfter: Int?) throws -> (expected: [UInt8], directBytes: Int) {
        var generator = SeededGenerator(seed: seed)
        var expected = [UInt8](repeating: 0, count: total)
        for i in expected.indices { expected[i] = UInt8(truncatingIfNeeded: generator.next()) }
        let file = try AtomicFile(path: path, cacheBypass: cacheBypass, directAfter: directAfter)
        var at = 0
        while at < total {
            // Mostly short rows, now and then a piece larger than the buffer.
            let length = generator.nextInt(below: 10) == 0
                ? generator.nextInt(below: 3 * Self.megabyte) + 1 : generator.nextInt(below: 900) + 1
            let end = min(total, at + length)
            try expected[at..<end].withUnsafeBufferPointer { try file.write($0) }
            at = end
        }
        try file.commit()
        return (expected, file.directBytes)
    }

    func temporaryPath(in directory: String, _ name: String) -> String {
        directory + "/gais-direct-\(name)-\(UUID().uuidString).bin"
    }

    @Test(arguments: [
        (7 * megabyte + 12_345, 0), (7 * megabyte + 12_345, 2 * megabyte),
        (6 * megabyte, 0), (300, 0), (6 * megabyte - 1, 5 * megabyte),
    ])
    func directWritesKeepEveryByte(total: Int, threshold: Int) throws {
        let directory = FileManager.default.temporaryDirectory.path
        let path = temporaryPath(in: directory, "bytes")
        defer { unlink(path) }
        let (expected, directBytes) = try writePieces(to: path, total: total, seed: UInt64(total + threshold),
                                                      cacheBypass: true, directAfter: threshold)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == expected)
        // Whole buffers from the threshold on went direct, unless this file system refused
        // direct I/O at the first one; the partial last buffer never does.
        let wholeAfterThreshold = total / Self.megabyte * Self.megabyte - threshold
        #expect(directBytes == 0 || directBytes == max(0, wholeAfterThreshold))
    }

    @Test func withoutCacheBypassNothingGoesDirect() throws {
        let path = temporaryPath(in: FileManager.default.temporaryDirectory.path, "plain")
        defer { unlink(path) }
        let (expected, directBytes) = try writePieces(to: path, total: 3 * Self.megabyte + 7, seed: 9,
                                                      cacheBypass: false, directAfter: 0)
        #expect(directBytes == 0)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }

    /// tmpfs has no O_DIRECT on older kernels and takes it on newer ones: either way the bytes
    /// are the same.
    @Test(.enabled(if: access("/dev/shm", W_OK) == 0))
    func memoryFileSystemGivesTheSameBytes() throws {
        let path = temporaryPath(in: "/dev/shm", "shm")
        defer { unlink(path) }
        let (expected, _) = try writePieces(to: path, total: 4 * Self.megabyte + 99, seed: 4,
                                            cacheBypass: true, directAfter: 0)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }

    @Test func theDefaultThresholdKeepsSmallOutputsInThePageCache() throws {
        let path = temporaryPath(in: FileManager.default.temporaryDirectory.path, "small")
        defer { unlink(path) }
        let (_, directBytes) = try writePieces(to: path, total: AtomicFile.defaultDirectThreshold, seed: 5,
                                               cacheBypass: true, directAfter: nil)
        #expect(directBytes == 0)
    }
}
