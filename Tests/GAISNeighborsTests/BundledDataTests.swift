import Testing
import GAISCore
@testable import GAISNeighbors
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast search against brute force on real tables, chosen for their ties: titanic has
/// 2,201 rows but only 14 distinct ones, monk-2 is small integers, banana is two dimensions.
@Suite struct BundledDataTests {
    /// The feature columns of a bundled numeric CSV (label last), as written.
    static func features(_ relativePath: String) -> (values: [Float], dimension: Int)? {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)   // Tests/GAISNeighborsTests/BundledDataTests.swift
        guard let file = fopen(parts.joined(separator: "/") + "/" + relativePath, "r") else { return nil }
        defer { fclose(file) }
        var values: [Float] = []
        var dimension = 0
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), file) != nil {
            let fields = String(cString: line).split(separator: ",")
            guard fields.count >= 2 else { continue }
            let numbers = fields.dropLast().compactMap { Float($0.filter { $0 != " " && $0 != "\n" && $0 != "\r" }) }
            guard numbers.count == fields.count - 1 else { return nil }
            dimension = numbers.count
            values.append(contentsOf: numbers)
        }
        return (values, dimension)
    }

    @Test(arguments: ["Datasets/keel/titanic.csv", "Datasets/keel/monk-2.csv", "Datasets/keel/banana.csv",
                      "Datasets/keel/wine.csv"])
    func fastSearchEqualsBruteForce(path: String) throws {
        let (values, d) = try #require(Self.features(path))
        for k in [1, 10] {
            let fast = NearestNeighbors.searchWithin(values, dimension: d, k: k)
            let slow = NearestNeighbors.bruteForce(queries: values, reference: values, dimension: d, k: k, excludeSelf: true)
            #expect(fast == slow, "\(path) k \(k)")
        }
    }
}
