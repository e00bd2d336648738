import GAISCore

/// Tiny loaders for the tests: the real readers live in GAISData (written separately).
enum TestData {
    /// The repository root, found from this file's path.
    static var root: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)   // Tests/GAISSelectorsTests/TestData.swift
        return parts.joined(separator: "/")
    }

    /// A bundled headerless numeric CSV (label last), features min-max scaled to [0, 1]
    /// (constant columns become 0), classes numbered in order of first appearance.
    /// - Parameter relativePath: from the repository root, or an absolute path.
    static func bundled(_ relativePath: String) -> Dataset? {
        let path = relativePath.hasPrefix("/") ? relativePath : root + "/" + relativePath
        guard let text = readFile(path) else { return nil }
        var rows: [[Float]] = []
        var labels: [Int32] = []
        var classNames: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters() }
            guard fields.count >= 2 else { continue }
            let values = fields.dropLast().compactMap { Float($0) }
            guard values.count == fields.count - 1 else { return nil }
            let name = fields[fields.count - 1]
            if let c = classNames.firstIndex(of: name) {
                labels.append(Int32(c))
            } else {
                classNames.append(name)
                labels.append(Int32(classNames.count - 1))
            }
            rows.append(values)
        }
        let d = rows[0].count
        var features = [Float]()
        let lows = (0..<d).map { j in rows.map { $0[j] }.min()! }
        let highs = (0..<d).map { j in rows.map { $0[j] }.max()! }
        for row in rows {
            for j in 0..<d {
                let span = highs[j] - lows[j]
                features.append(span > 0 ? (row[j] - lows[j]) / span : 0)
            }
        }
        return Dataset(features: features, featureCount: d, labels: labels, classNames: classNames)
    }

    /// Points on a line, one feature, with their classes.
    static func line(_ points: [(Float, Int)]) -> Dataset {
        Dataset(features: points.map(\.0), featureCount: 1, labels: points.map(\.1))
    }

    /// Seeded random data: `classCount` overlapping Gaussian blobs in `dimension` dimensions.
    static func blobs(count: Int, dimension: Int, classCount: Int, seed: UInt64) -> Dataset {
        var g = SeededGenerator(seed: seed)
        var features = [Float]()
        var labels = [Int]()
        for i in 0..<count {
            let c = i % classCount
            labels.append(c)
            for j in 0..<dimension {
                let center: Double = j == 0 ? Double(c) : 0
                features.append(Float(center + g.nextGaussian()))
            }
        }
        return Dataset(features: features, featureCount: dimension, labels: labels)
    }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
