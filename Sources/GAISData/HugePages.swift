#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel for transparent huge pages (2 MB) behind a large buffer before it is first
/// written, where the system leaves that to the program (`madvise` mode).
///
/// The feature matrix is read by gathers in random row order (mini-batches, per-class pieces):
/// with 4 KB pages a 2 GB matrix spans half a million pages, and nearly every gathered row costs
/// a page-table walk that misses the caches; with 2 MB pages the whole matrix is a thousand TLB
/// entries. Only the 2 MB-aligned interior is advised; the call is a hint, and nothing changes
/// where it is refused.
///
/// A matrix that the last-level cache nearly holds is not advised: its gathers hit the cache
/// anyway, and on a system whose huge-page faults compact memory (THP defrag `madvise`) its first
/// touch costs more than the TLB saves (BENCHMARKS.md, "Scaling, fifth stop": 1M rows ran about
/// 4.5 % faster without the advice, 10M rows slower).
enum HugePages {
    /// Buffers smaller than this are not advised: twice the last-level cache where the system
    /// reports it, and never under 32 MB (where nothing is worth a system call).
    static let threshold: Int = {
        var cache = 0
        #if os(Linux)
        cache = max(0, sysconf(Int32(_SC_LEVEL3_CACHE_SIZE)))
        if cache == 0 { cache = max(0, sysconf(Int32(_SC_LEVEL2_CACHE_SIZE))) }
        #endif
        return max(32 << 20, 2 * cache)
    }()

    static func advise(_ start: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let start, byteCount >= threshold else { return }
        let huge = 2 << 20
        let address = Int(bitPattern: start)
        let lower = (address + huge - 1) / huge * huge
        let upper = (address + byteCount) / huge * huge
        guard upper > lower, let aligned = UnsafeMutableRawPointer(bitPattern: lower) else { return }
        _ = madvise(aligned, upper - lower, 14)   // MADV_HUGEPAGE
        #endif
    }
}
