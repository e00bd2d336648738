import Foundation
import GAISCore
import GAISGraph
import Testing
@testable import GAISNetwork

/// Timings for the report, not assertions: run with
/// `GAIS_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter PerformanceMeasurements`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GAIS_MEASURE"] != nil), .serialized)
struct PerformanceMeasurements {
    /// Random features and, inside consecutive groups of `groupSize`, 5 random partners per node
    /// (about 10 neighbours per node once symmetrised, plus the self-loop).
    static func problem(nodes: Int, groupSize: Int, dimension: Int, classes: Int, seed: UInt64)
        -> (features: [Float], labels: [Int32], graph: SparseGraph) {
        var generator = SeededGenerator(seed: seed)
        let features = (0 ..< nodes * dimension).map { _ in generator.nextFloat() }
        let labels = (0 ..< nodes).map { _ in Int32(generator.nextInt(below: classes)) }
        var edges: [(Int32, Int32)] = []
        var groups: [[Int32]] = []
        var start = 0
        while start < nodes {
            let end = min(nodes, start + groupSize)
            groups.append((start ..< end).map { Int32($0) })
            for a in start ..< end {
                for _ in 0 ..< 5 { edges.append((Int32(a), Int32(start + generator.nextInt(below: end - start)))) }
            }
            start = end
        }
        return (features, labels, SparseGraph(nodeCount: nodes, edges: edges, groups: groups))
    }

    @Test(arguments: [1, 2]) func trainingStepOn1024NodeGroup(threads: Int) {
        let saved = Parallel.maxThreads
        Parallel.maxThreads = threads
        defer { Parallel.maxThreads = saved }
        let (features, labels, graph) = Self.problem(nodes: 1024, groupSize: 1024, dimension: 50, classes: 5, seed: 1)
        let shape = GATShape(inputDimension: 50, heads: 4, hidden: 8, classCount: 5)
        var generator = SeededGenerator(seed: 2)
        var parameters = GATParameters<Float>.glorot(shape: shape, generator: &generator)
        let weights = GATTrainer.balancedClassWeights(labels: labels, classCount: 5,
                                                      excluded: [Bool](repeating: false, count: 1024))
        var clock = Stopwatch()
        let batch = NodeBatch(nodes: (0 ..< 1024).reversed().map { Int32($0) }, graph: graph, features: features,
                              featureCount: 50, labels: labels, classWeights: weights,
                              heldOut: [Bool](repeating: false, count: 1024))
        let prepare = clock.lap()
        var optimizer = AdamOptimizer(parameterCount: shape.count, learningRate: 0.01, weightDecay: 5e-4)
        let repeats = 50
        let cpuStart = Self.cpuSeconds()
        for step in 0 ..< repeats {
            _ = GATTrainer.trainingStep(parameters: &parameters, optimizer: &optimizer, batch: batch, dropout: 0.2,
                                        seed: 5, step: step)
        }
        let stepTime = clock.lap() / Double(repeats)
        let stepCPU = (Self.cpuSeconds() - cpuStart) / Double(repeats)
        let model = GATModel(configuration: GATConfiguration(), parameters: parameters)
        for _ in 0 ..< repeats { _ = model.infer(features: features, graph: graph) }
        let inferTime = clock.lap() / Double(repeats)
        print("""
            MEASURE training step, 1024 nodes, \(batch.graph.edgeCount) directed entries, d=50, C=5, 4×8 heads, \
            threads=\(Parallel.maxThreads): batch build \(ms(prepare)) ms; step (masks, forward, backward, Adam) \
            \(ms(stepTime)) ms wall, \(ms(stepCPU)) ms CPU; inference of the group \(ms(inferTime)) ms
            """)
    }

    @Test func inferenceOver100000Nodes() {
        var clock = Stopwatch()
        let (features, _, graph) = Self.problem(nodes: 100_000, groupSize: 1024, dimension: 50, classes: 5, seed: 3)
        let build = clock.lap()
        let shape = GATShape(inputDimension: 50, heads: 4, hidden: 8, classCount: 5)
        var generator = SeededGenerator(seed: 4)
        let model = GATModel(configuration: GATConfiguration(),
                             parameters: GATParameters<Float>.glorot(shape: shape, generator: &generator))
        _ = clock.lap()
        let cpuStart = Self.cpuSeconds()
        let inference = model.infer(features: features, graph: graph)
        let seconds = clock.lap()
        let cpu = Self.cpuSeconds() - cpuStart
        print("""
            MEASURE inference, 100000 nodes in \(graph.groups.count) groups of 1024, \(graph.entryCount) entries, \
            d=50, C=5, threads=\(Parallel.maxThreads): \(ms(seconds)) ms wall, \(ms(cpu)) ms CPU (problem build \(ms(build)) ms), \
            mean attention \(inference.attentionReceived.reduce(0, +) / 100_000)
            """)
    }

    /// CPU seconds used by the whole process (every thread), insensitive to other users' load.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }
}
