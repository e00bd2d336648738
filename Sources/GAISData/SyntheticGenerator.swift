import GAISCore

/// Synthetic classification data in the spirit of scikit-learn's `make_classification`
/// (Guyon 2003, the NIPS feature-selection challenge design): each class is a mixture of
/// Gaussian clusters centred on vertices of a hypercube in the informative features, each
/// cluster with its own random covariance; redundant features are random linear combinations of
/// the informative ones; the rest are noise. Rows are produced block by block, each block from
/// its own random stream, so output is identical whatever the number of threads and memory
/// stays bounded whatever the number of rows.
public struct SyntheticGenerator: Sendable {
    public var rows: Int
    public var features: Int
    public var classes: Int
    /// Informative features (default: half the features, at least 2, at most `features`).
    public var informative: Int
    /// Redundant features (default: a quarter of the features, within what is left).
    public var redundant: Int
    public var clustersPerClass: Int
    /// Relative class sizes (default: equal).
    public var classWeights: [Double]
    /// Fraction of labels replaced by a random class.
    public var labelNoise: Double
    /// Half the side of the hypercube (larger: easier problem).
    public var classSeparation: Double
    public var seed: UInt64

    public init(rows: Int, features: Int, classes: Int, informative: Int? = nil, redundant: Int? = nil,
                clustersPerClass: Int = 2, classWeights: [Double]? = nil, labelNoise: Double = 0.01,
                classSeparation: Double = 1.0, seed: UInt64 = 0) {
        self.rows = rows
        self.features = features
        self.classes = classes
        let k = informative ?? min(features, max(2, features / 2))
        self.informative = k
        self.redundant = redundant ?? min(max(0, features - k), features / 4)
        self.clustersPerClass = clustersPerClass
        // (A class count beyond the valid range is refused by `validate()`, not allocated here.)
        self.classWeights = classWeights ?? [Double](repeating: 1, count: max(0, min(classes, SyntheticGenerator.maxClasses + 1)))
        self.labelNoise = labelNoise
        self.classSeparation = classSeparation
        self.seed = seed
    }

    /// Upper bounds that keep every size computation and the memory in range.
    public static let maxRows = 1_000_000_000_000
    public static let maxFeatures = 1_000_000
    public static let maxClasses = 1_000_000
    /// Most bytes the model (cluster covariance factors and the redundancy matrix) may take.
    public static let maxModelBytes = 1 << 30

    /// Bytes of the model: clusters × informative² + informative × redundant doubles.
    public var modelBytes: Double {
        (Double(classes) * Double(clustersPerClass) * Double(informative) * Double(informative)
            + Double(informative) * Double(redundant)) * 8
    }

    public func validate() throws {
        let owner = "generate"
        try GAISError.require(rows >= 1 && rows <= SyntheticGenerator.maxRows, "rows", of: owner,
                              "in 1...\(SyntheticGenerator.maxRows)", got: rows)
        try GAISError.require(features >= 1 && features <= SyntheticGenerator.maxFeatures, "features", of: owner,
                              "in 1...\(SyntheticGenerator.maxFeatures)", got: features)
        try GAISError.require(classes >= 2 && classes <= SyntheticGenerator.maxClasses, "classes", of: owner,
                              "in 2...\(SyntheticGenerator.maxClasses)", got: classes)
        try GAISError.require(classSeparation.isFinite, "class-separation", of: owner, "a finite number",
                              got: classSeparation)
        try GAISError.require(informative >= 1 && informative <= features, "informative", of: owner,
                              "in 1...features (\(features))", got: informative)
        try GAISError.require(redundant >= 0 && informative + redundant <= features, "redundant", of: owner,
                              "in 0...features − informative (\(features - informative))", got: redundant)
        try GAISError.require(clustersPerClass >= 1, "clusters-per-class", of: owner, "at least 1", got: clustersPerClass)
        let (clusters, overflow) = classes.multipliedReportingOverflow(by: clustersPerClass)
        try GAISError.require(!overflow && clusters <= 1 << min(informative, 30), "clusters-per-class", of: owner,
                              "such that classes × clusters ≤ 2^informative", got: clustersPerClass)
        try GAISError.require(modelBytes <= Double(SyntheticGenerator.maxModelBytes), "informative", of: owner,
                              "such that the model (classes × clusters × informative² + informative × redundant numbers) "
                                + "fits in 1 GB, not \(LIBSVMReader.describeBytes(modelBytes)); give fewer --informative or --redundant",
                              got: informative)
        try GAISError.require(classWeights.count == classes, "class-weights", of: owner,
                              "one weight per class (\(classes))", got: classWeights.count)
        try GAISError.require(classWeights.allSatisfy { $0 > 0 && $0.isFinite } && classWeights.reduce(0, +).isFinite,
                              "class-weights", of: owner, "positive, with a finite sum",
                              got: classWeights.map { String($0) }.joined(separator: ","))
        try GAISError.require(labelNoise >= 0 && labelNoise <= 1, "label-noise", of: owner, "in [0, 1]", got: labelNoise)
    }

    /// The fixed parts of the model: cluster centres, covariance factors, redundancy matrix.
    struct Model {
        var centres: [[Double]]        // cluster × informative
        var factors: [[Double]]        // cluster × (informative × informative)
        var redundancy: [Double]       // informative × redundant
        var cumulativeWeights: [Double]
    }

    func model() -> Model {
        var g = SeededGenerator(seed: seed, stream: 0xC0FFEE)
        let k = informative
        let clusterCount = classes * clustersPerClass
        // Distinct hypercube vertices, drawn without replacement.
        var vertices = Set<UInt64>()
        var order: [UInt64] = []
        let space: UInt64 = k >= 63 ? UInt64.max : (UInt64(1) << UInt64(k))
        while order.count < clusterCount {
            let v = k >= 63 ? g.next() : g.next() % space
            if vertices.insert(v).inserted { order.append(v) }
        }
        let centres = order.map { v in
            (0..<k).map { j in (j < 64 && (v >> UInt64(j)) & 1 == 1 ? 1.0 : -1.0) * classSeparation }
        }
        let factors = (0..<clusterCount).map { _ in (0..<(k * k)).map { _ in g.nextDouble() * 2 - 1 } }
        let redundancy = (0..<(k * redundant)).map { _ in g.nextDouble() * 2 - 1 }
        let total = classWeights.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for w in classWeights { running += w / total; cumulative.append(running) }
        return Model(centres: centres, factors: factors, redundancy: redundancy, cumulativeWeights: cumulative)
    }

    public static let blockRows = 8192

    /// Produces rows in blocks of up to `blockRows`, calling `consume(block, text)` in order
    /// with each block's CSV text (no header). Blocks are computed in parallel in batches.
    ///
    /// Memory stays bounded whatever the size: blocks of narrow rows are rendered in parallel
    /// (at most `batchBytes` of text at once); a block too wide for that is rendered alone and
    /// handed over in pieces of about `pieceBytes`, with the same bytes.
    public func generateCSV(_ consume: ([UInt8]) throws -> Void) throws {
        try validate()
        let m = model()
        let blocks = rows / SyntheticGenerator.blockRows + (rows % SyntheticGenerator.blockRows == 0 ? 0 : 1)
        let blockBytes = Double(SyntheticGenerator.blockRows) * Double(features) * 10
        let fitting = Int(min(1e9, Double(SyntheticGenerator.batchBytes) / blockBytes))
        if fitting < 2 {
            for b in 0..<blocks { try renderBlock(b, model: m, pieceBytes: SyntheticGenerator.pieceBytes, consume) }
            return
        }
        let batch = max(1, min(ProcessInfoCores.count * 2, fitting))
        var b = 0
        while b < blocks {
            let count = min(batch, blocks - b)
            let first = b
            let texts = Parallel.map(count: count) { t in renderBlock(first + t, model: m) }
            for text in texts { try consume(text) }
            b += count
        }
    }

    /// Most text rendered at once by the parallel path, and the piece size of the serial one.
    static let batchBytes = 256 << 20
    static let pieceBytes = 4 << 20

    /// The CSV header line `f1,…,fD,class`.
    public var headerLine: String {
        (1...features).map { "f\($0)" }.joined(separator: ",") + ",class\n"
    }

    func renderBlock(_ block: Int, model m: Model) -> [UInt8] {
        var whole: [UInt8] = []
        renderBlock(block, model: m, pieceBytes: Int.max) { whole = $0 }
        return whole
    }

    /// Renders one block, handing `consume` its text in pieces of at least `pieceBytes`
    /// (whole rows; the last piece may be shorter).
    func renderBlock<E: Error>(_ block: Int, model m: Model, pieceBytes: Int,
                               _ consume: ([UInt8]) throws(E) -> Void) throws(E) {
        var g = SeededGenerator(seed: seed, stream: UInt64(block) &+ 1)
        let start = block * SyntheticGenerator.blockRows
        let count = min(SyntheticGenerator.blockRows, rows - start)
        let k = informative
        var out: [UInt8] = []
        let pieceCapacity = pieceBytes >= Int.max / 2 ? Int.max : pieceBytes + features * 24
        out.reserveCapacity(min(count * features * 10, pieceCapacity))
        var z = [Double](repeating: 0, count: k)
        var x = [Double](repeating: 0, count: features)
        for _ in 0..<count {
            let u = g.nextDouble()
            var label = m.cumulativeWeights.firstIndex { u < $0 } ?? (classes - 1)
            let cluster = label * clustersPerClass + g.nextInt(below: clustersPerClass)
            for j in 0..<k { z[j] = g.nextGaussian() }
            let factor = m.factors[cluster]
            for j in 0..<k {
                var s = 0.0
                for t in 0..<k { s += factor[j * k + t] * z[t] }
                x[j] = s + m.centres[cluster][j]
            }
            for r in 0..<redundant {
                var s = 0.0
                for j in 0..<k { s += x[j] * m.redundancy[j * redundant + r] }
                x[k + r] = s
            }
            for j in (k + redundant)..<features { x[j] = g.nextGaussian() }
            if labelNoise > 0 && g.nextDouble() < labelNoise { label = g.nextInt(below: classes) }
            for j in 0..<features {
                SyntheticGenerator.appendFixed(x[j], to: &out)
                out.append(44)
            }
            SyntheticGenerator.appendInteger(label, to: &out)
            out.append(10)
            if out.count >= pieceBytes {
                try consume(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { try consume(out) }
    }

    /// Appends `value` with 6 decimals (trailing zeros trimmed), without Foundation.
    static func appendFixed(_ value: Double, to out: inout [UInt8]) {
        var v = value
        if v < 0 { out.append(45); v = -v }
        var scaled = (v * 1_000_000).rounded()
        if scaled >= 9.0e18 { scaled = 9.0e18 }
        let whole = UInt64(scaled)
        appendInteger(Int(whole / 1_000_000), to: &out)
        var fraction = whole % 1_000_000
        if fraction == 0 { return }
        out.append(46)
        var digits = [UInt8](repeating: 48, count: 6)
        for d in stride(from: 5, through: 0, by: -1) { digits[d] = UInt8(48 + fraction % 10); fraction /= 10 }
        var last = 5
        while digits[last] == 48 { last -= 1 }
        out.append(contentsOf: digits[0...last])
    }

    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value == 0 { out.append(48); return }
        var v = value
        if v < 0 { out.append(45); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 }
            for t in stride(from: n - 1, through: 0, by: -1) { out.append(d[t]) }
        }
    }
}
