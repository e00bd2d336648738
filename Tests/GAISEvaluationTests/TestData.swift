import GAISCore

/// Helpers shared by the evaluation tests.
enum TestData {
    /// The repository root, found from this file's path.
    static var repositoryRoot: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/GAISEvaluationTests/TestData.swift
        return parts.joined(separator: "/")
    }

    /// A bundled headerless numeric CSV (label last), classes numbered by first appearance.
    static func load(_ relativePath: String) throws -> Dataset {
        let path = repositoryRoot + "/" + relativePath
        guard let file = fopen(path, "r") else { throw GAISError.io(file: path, message: "cannot open") }
        defer { fclose(file) }
        var text = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            text += buffer[0..<n]
        }
        var features: [Float] = []
        var labels: [Int32] = []
        var names: [String] = []
        var featureCount = 0
        for line in String(decoding: text, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ",").map { String($0.filter { $0 != " " }) }
            guard parts.count >= 2 else { continue }
            featureCount = parts.count - 1
            for p in parts.dropLast() {
                guard let v = Float(p) else { throw GAISError.malformedData(file: path, line: 0, message: "not a number: \(p)") }
                features.append(v)
            }
            let name = parts[parts.count - 1]
            if let index = names.firstIndex(of: name) {
                labels.append(Int32(index))
            } else {
                labels.append(Int32(names.count))
                names.append(name)
            }
        }
        return Dataset(features: features, featureCount: featureCount, labels: labels, classNames: names)
    }

    /// Gaussian blobs: `perClass` rows per class around class-specific centres, seeded.
    static func blobs(classes: Int, perClass: Int, dimension: Int, spread: Double, seed: UInt64) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        var features: [Float] = []
        var labels: [Int] = []
        for c in 0..<classes {
            let centre = (0..<dimension).map { j in Double((c * 7 + j * 3) % 5) }
            for _ in 0..<perClass {
                for j in 0..<dimension { features.append(Float(centre[j] + spread * generator.nextGaussian())) }
                labels.append(c)
            }
        }
        return Dataset(features: features, featureCount: dimension, labels: labels)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
