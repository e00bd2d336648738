import GAISCore
import GAISKernels

/// Which code path the C kernels (`GAISKernels`) of the fast search take.
///
/// Every path produces the same neighbour lists (the candidates are only approximate and the
/// answer is recomputed exactly), so the choice only affects speed; tests pass a capped
/// `ExecutionContext` to check exactly that, without touching any global state.
public enum KernelPath {
    /// The best path this CPU has: 0 portable scalar C; 1 AVX2 + FMA; 2 AVX-512F.
    public static var best: Int { Int(gais_kernels_level()) }

    /// The path a search under `context` takes: its cap, never above what the CPU has.
    public static func level(for context: ExecutionContext) -> Int32 {
        let best = gais_kernels_level()
        guard let cap = context.kernelCap else { return best }
        return Int32(max(0, min(Int(best), cap)))
    }
}
