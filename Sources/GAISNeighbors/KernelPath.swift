import GAISKernels

/// Which code path the C kernels (`GAISKernels`) of the fast search take.
///
/// Both paths produce the same neighbour lists (the candidates are only approximate and the
/// answer is recomputed exactly), so the choice only affects speed; tests force the portable
/// path to check exactly that.
enum KernelPath {
    /// 0: portable scalar C; 1: AVX2 + FMA; 2: AVX-512F (x86-64 CPUs that have them).
    static var level: Int { Int(gais_kernels_level()) }

    /// Runs `body` with the kernels held to at most path `cap` (0...2), then restores the
    /// previous choice. Other threads' searches meanwhile take the capped path too (correct,
    /// only slower).
    static func withKernels<R>(cappedAt cap: Int, _ body: () throws -> R) rethrows -> R {
        let previous = gais_kernels_set_cap(Int32(cap))
        defer { gais_kernels_set_cap(previous) }
        return try body()
    }
}
