import GAISCore

/// Reads a bundled headerless CSV (label last) and min-max encodes its numeric columns, enough
/// for the tests (the real readers live in GAISData).
func loadBundled(_ relativePath: String) throws -> Dataset {
    var root = "\(#filePath)"
    for _ in 0..<3 { root = String(root[..<(root.lastIndex(of: "/") ?? root.startIndex)]) }
    let path = root + "/" + relativePath
    guard let file = fopen(path, "r") else { throw GAISError.io(file: path, message: "cannot open") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let read = fread(&buffer, 1, buffer.count, file)
        if read <= 0 { break }
        bytes += buffer[0..<read]
    }
    let text = String(decoding: bytes, as: UTF8.self)
    var rows: [[Float]] = []
    var labelText: [String] = []
    for line in text.split(separator: "\n") where !line.allSatisfy({ $0 == " " || $0 == "\r" }) {
        let cells = line.split(separator: ",").map { $0.trimmingCharacters() }
        rows.append(cells.dropLast().map { Float($0) ?? 0 })
        labelText.append(cells.last ?? "")
    }
    let d = rows.first?.count ?? 0
    var low = [Float](repeating: .infinity, count: d), high = [Float](repeating: -.infinity, count: d)
    for row in rows { for j in 0..<d { low[j] = min(low[j], row[j]); high[j] = max(high[j], row[j]) } }
    var features: [Float] = []
    for row in rows {
        for j in 0..<d { features.append(high[j] > low[j] ? (row[j] - low[j]) / (high[j] - low[j]) : 0) }
    }
    var names: [String] = []
    var labels: [Int32] = []
    for name in labelText {
        if let c = names.firstIndex(of: name) { labels.append(Int32(c)) } else { names.append(name); labels.append(Int32(names.count - 1)) }
    }
    return Dataset(features: features, featureCount: d, labels: labels, classNames: names)
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\r" || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\r" || l == "\t" { s.removeLast() }
        return String(s)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Three well separated 2-D blobs of `perBlob` points each, blob b around (10·b, 10·(b % 2)).
func separatedBlobs(perBlob: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    var points: [Float] = []
    for b in 0..<3 {
        for _ in 0..<perBlob {
            points.append(Float(10 * b) + Float(generator.nextGaussian()))
            points.append(Float(10 * (b % 2)) + Float(generator.nextGaussian()))
        }
    }
    return points
}
