import Testing
import GAISCore
import GAISKernels

/// The k-means distance kernel must reproduce `SquaredDistance.vectorised` bit for bit (the
/// k-means, hence the kept rows, depend on every bit), on each path.
@Suite struct DistanceKernelTests {
    @Test(arguments: [1, 7, 8, 9, 16, 50, 67])
    func matchesVectorisedSums(dimension d: Int) {
        var g = SeededGenerator(seed: UInt64(d))
        // Values of very different sizes, so a change of summation order would show.
        let rows = (0 ..< 37 * d).map { _ in (g.nextFloat() - 0.5) * Float(1 << g.nextInt(below: 20)) }
        let x = (0 ..< d).map { _ in g.nextFloat() * 3 }
        let expected = (0 ..< 37).map { r in
            rows.withUnsafeBufferPointer { p in
                x.withUnsafeBufferPointer { SquaredDistance.vectorised($0.baseAddress!, p.baseAddress! + r * d, count: d) }
            }
        }
        for level: Int32 in [0, 1, 2] {
            var out = [Float](repeating: -1, count: 37)
            gais_distances_in_lanes(x, rows, 37, d, d, &out, level)
            #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "dimension \(d) level \(level)")
        }
    }
}
