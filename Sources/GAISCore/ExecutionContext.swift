/// How a computation may run: how many worker threads, and (for tests that compare code paths)
/// the most advanced vector code path the C kernels may take.
///
/// Passed explicitly down every call that runs in parallel, never stored in a global, so two
/// computations with different contexts can run side by side in one process (as Swift Testing
/// runs tests). Results never depend on it: chunking depends only on the problem size.
public struct ExecutionContext: Sendable, Equatable {
    /// Worker threads, ≥ 1.
    public var threads: Int
    /// The most advanced kernel path the nearest-neighbour kernels may take (0: portable C,
    /// 1: AVX2 + FMA, 2: AVX-512F); nil: the best the CPU has. Only speed depends on it.
    public var kernelCap: Int?

    /// - Parameters:
    ///   - threads: worker threads, clipped to at least 1 (default: the processors available).
    ///   - kernelCap: see `kernelCap`.
    public init(threads: Int = ProcessInfoCores.count, kernelCap: Int? = nil) {
        self.threads = max(1, threads)
        self.kernelCap = kernelCap
    }

    /// Every processor, best kernels.
    public static var allCores: ExecutionContext { ExecutionContext() }

    /// One thread, best kernels.
    public static let serial = ExecutionContext(threads: 1)
}
