import GAISKernels

/// Which code path the C kernels (`GAISKernels`) of the fast search take.
///
/// Both paths produce the same neighbour lists (the candidates are only approximate and the
/// answer is recomputed exactly), so the choice only affects speed; tests force the portable
/// path to check exactly that.
enum KernelPath {
    /// 0: portable scalar C; 1: AVX2 + FMA (x86-64 CPUs that have them).
    static var level: Int { Int(gais_kernels_level()) }

    /// Runs `body` with the kernels held to the portable scalar path, then restores the
    /// previous choice. Other threads' searches meanwhile also take the portable path
    /// (correct, only slower).
    static func withPortableKernels<R>(_ body: () throws -> R) rethrows -> R {
        let previous = gais_kernels_set_cap(0)
        defer { gais_kernels_set_cap(previous) }
        return try body()
    }
}
